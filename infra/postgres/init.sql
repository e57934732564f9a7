-- One role and two databases (runtime + tests) per service, as infra/postgres.sh creates them.
-- Used by infra/docker-compose.yml only. Development passwords: override them in production.
CREATE ROLE ow_kit LOGIN PASSWORD 'ow_kit';
CREATE DATABASE ow_kit OWNER ow_kit;
CREATE DATABASE ow_kit_test OWNER ow_kit;
CREATE ROLE ow_identity LOGIN PASSWORD 'ow_identity';
CREATE DATABASE ow_identity OWNER ow_identity;
CREATE DATABASE ow_identity_test OWNER ow_identity;
CREATE ROLE ow_cases LOGIN PASSWORD 'ow_cases';
CREATE DATABASE ow_cases OWNER ow_cases;
CREATE DATABASE ow_cases_test OWNER ow_cases;
CREATE ROLE ow_documents LOGIN PASSWORD 'ow_documents';
CREATE DATABASE ow_documents OWNER ow_documents;
CREATE DATABASE ow_documents_test OWNER ow_documents;
CREATE ROLE ow_notifications LOGIN PASSWORD 'ow_notifications';
CREATE DATABASE ow_notifications OWNER ow_notifications;
CREATE DATABASE ow_notifications_test OWNER ow_notifications;
