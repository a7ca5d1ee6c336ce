//! The README written beside the Terraform: the provider version it was written
//! for, how to apply it, what maps to what, and what was left out and why.

use std::fmt::Write;
use std::path::PathBuf;

use super::{platform_name, Catalogue, PROVIDER_VERSION};
use crate::ExportFile;

fn number(v: f64) -> String {
    format!("{v}")
}

pub(super) fn readme(c: &Catalogue) -> ExportFile {
    let mut t = String::new();
    let _ = writeln!(t, "# meshStack export from Platform Builder\n");
    let _ = writeln!(
        t,
        "Written for the meshStack Terraform provider `meshcloud/meshstack` {PROVIDER_VERSION} \
         (`versions.tf` pins `~> {PROVIDER_VERSION}`). No secret is in these files: \
         credentials stay in the OS keyring of the machine that exported them.\n"
    );
    let _ = writeln!(t, "## Apply\n");
    let _ = writeln!(t, "```sh");
    let _ = writeln!(t, "terraform init");
    let _ = writeln!(
        t,
        "terraform plan -var owning_workspace=<your-platform-team-workspace>"
    );
    let _ = writeln!(t, "```\n");
    let _ = writeln!(
        t,
        "Platform names cannot be reused in meshStack once deleted: review the plan before the first apply.\n"
    );
    let _ = writeln!(t, "## What is here\n");
    let _ = writeln!(t, "- {} platform type(s) (`platform_types.tf`); icons are drawn badges with the type's initials.", c.types.len());
    let _ = writeln!(t, "- {} location(s) (`locations.tf`).", c.locations.len());
    for o in &c.offerings {
        let p = &o.platform;
        let _ = writeln!(
            t,
            "- Platform **{}** ({}): {}, {}.",
            p.name,
            p.identifier,
            p.availability.restriction.as_str(),
            p.availability.publication.as_str()
        );
        if o.instances.is_empty() {
            let _ = writeln!(
                t,
                "  - No instance yet: no meshStack platform is written for it."
            );
        }
        for i in &o.instances {
            let _ = writeln!(
                t,
                "  - `{}`: instance {} ({}), {}",
                platform_name(p, i),
                i.name,
                i.environment,
                i.endpoint
            );
        }
        for z in &o.zones {
            if z.disabled {
                let _ = writeln!(
                    t,
                    "  - Landing zone {} is disabled in Platform Builder and not exported.",
                    z.identifier
                );
            } else {
                let _ = writeln!(
                    t,
                    "  - Landing zone `{}`{}, one per meshStack platform above.",
                    z.identifier,
                    if z.restricted { " (restricted)" } else { "" }
                );
            }
        }
        for q in &o.quotas {
            let approved = match q.auto_approval_threshold {
                Some(at) => format!(
                    "requests up to {} {} are approved at once",
                    number(at),
                    q.unit
                ),
                None => "every request above the minimum waits for an operator".into(),
            };
            let _ = writeln!(
                t,
                "  - Quota {} (`{}`): {} to {} {}; {approved}.",
                q.label,
                q.key,
                number(q.min),
                number(q.max),
                q.unit
            );
        }
    }
    let _ = writeln!(t, "\n## How Platform Builder maps to meshStack\n");
    let _ = writeln!(t, "- Each instance becomes its own `meshstack_platform` (one endpoint each), named `<platform>-<instance>`.");
    let _ = writeln!(t, "- Publication: published → `PUBLISHED`; draft, deprecated and unpublished → `UNPUBLISHED` (meshStack has no draft or deprecated state).");
    let _ = writeln!(
        t,
        "- A quota without an auto-approval threshold gets its minimum as threshold."
    );
    let _ = writeln!(t, "- Landing zones never automate deletion approval or replication; role-mapping overrides stay in Platform Builder (the provider has no field for them).");
    ExportFile {
        path: PathBuf::from("README.md"),
        text: t,
    }
}
