//! mockloop's integration tests: one binary, a real server per test, on SQLite and PostgreSQL.

mod helpers;

mod accounts;
mod authorisation;
mod bank;
mod circles;
mod export;
mod feedback;
mod hostile;
mod insights_cli;
mod instances;
mod loops;
mod mail;
mod match_cli;
mod plan_cli;
mod pool;
mod requests;
mod rooms;
mod runs;
mod workspace;
