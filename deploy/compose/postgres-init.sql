-- One database per service and one for Keycloak (run once, when the PostgreSQL volume is created).
CREATE DATABASE referral;
CREATE DATABASE cases;
CREATE DATABASE outreach;
CREATE DATABASE reporting;
CREATE DATABASE keycloak;  -- the identity provider's own
