//! End-to-end tests: the real router on a real port, a real database, driven the way
//! a person's browser or a client does. One binary, so it links once.

mod helpers;

mod account;
mod email_smtp;
mod i18n;
mod join;
mod login;
mod password;
mod security;
mod staff;
mod verify;
