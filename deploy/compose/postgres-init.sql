-- One database per service, the key store of the persons' keys and Keycloak's (run once, when the
-- PostgreSQL volume is created).
CREATE DATABASE referral;
CREATE DATABASE cases;
CREATE DATABASE outreach;
CREATE DATABASE reporting;
CREATE DATABASE keystore;  -- the persons' keys (passerelle.keystore): referral and cases only
CREATE DATABASE keycloak;  -- the identity provider's own
