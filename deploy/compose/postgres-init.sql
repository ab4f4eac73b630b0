-- One database per service (run once, when the PostgreSQL volume is created).
CREATE DATABASE referral;
CREATE DATABASE cases;
CREATE DATABASE outreach;
CREATE DATABASE reporting;
