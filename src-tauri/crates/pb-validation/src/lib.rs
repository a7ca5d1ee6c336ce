//! The validation suite: a single ping proves nothing about the operations an
//! integration performs, so the suite runs the whole lifecycle against an instance —
//! check, create and read back a throw-away tenant, add / list / remove a test user,
//! set / read / probe each quota, delete the tenant and verify it is gone — records
//! every step, and always tries to remove what it created. Free of Tauri.

pub mod bulk;
mod duplicate;
mod explain;
pub mod junit;
pub mod plan;
mod protection;
mod recognise;
pub mod report;
mod roundtrip;
mod steps;
pub mod suite;
pub mod sweep;
mod verdict;

pub use plan::{
    KnownDeviation, NamingConvention, QuotaDefinition, RoleMapping, Strictness, ValidationPlan,
    DEVIATION_STEPS,
};
pub use report::{Cancel, Leftover, StepReport, StepStatus, SuiteEvent, TestRun};
pub use suite::run_suite;
