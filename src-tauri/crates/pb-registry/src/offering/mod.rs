//! What makes a platform ready for application teams (issue 17): where it runs
//! (locations), who may order it and whether it is offered (availability and
//! publication), and the templates its tenants are created from (landing zones).
//! The formats that hand this to other tools live in their own crate (pb-export).

pub mod availability;
pub mod landing_zones;
pub mod locations;
