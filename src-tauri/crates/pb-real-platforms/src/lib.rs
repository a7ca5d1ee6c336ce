//! Real servers for the presets' tests, each started in a temporary directory on a
//! free loopback port and stopped when dropped. Nothing here is a fake: the servers
//! come from Debian (`keystone`, `postgresql`) and PyPI (`django-scim2`) packages
//! that `.ci/install-deps.sh --test` installs.

pub mod keystone;
mod port;
pub mod postgres;
mod process;
pub mod scim;
pub mod setups;
pub mod suite;
pub mod sweep;

pub use port::free_port;
