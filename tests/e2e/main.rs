//! End-to-end tests: the real router on a real port, a real database, driven the way
//! a person's browser or a client does. One binary, so it links once.

mod helpers;

mod account;
mod api;
mod cache;
mod campaign_delivery;
mod campaigns;
mod counted_member;
mod countries;
mod deploy;
mod directory;
mod disclosure;
mod donations;
mod email_smtp;
mod erasure;
mod events;
mod i18n;
mod join;
mod join_source;
mod library;
mod login;
mod map;
mod openapi;
mod operations;
mod organizations;
mod page_weight;
mod password;
mod personal_data;
mod planner;
mod profile;
mod public_figures;
mod security;
mod server;
mod site;
mod staff;
mod staff_members;
mod statistics;
mod verify;
mod weeks;
