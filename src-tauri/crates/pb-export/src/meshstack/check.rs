//! What meshStack would refuse in an export, found before a file is written:
//! names outside its patterns, two instances that become one meshStack
//! platform, a platform without a location record.

use super::{platform_name, Catalogue};

/// meshStack's names: words of letters and digits joined by single `-`
/// (lower-case; upper-case for platform types).
fn meshstack_name(name: &str, upper: bool) -> bool {
    !name.is_empty()
        && name.len() <= 150
        && name.split('-').all(|word| {
            !word.is_empty()
                && word.chars().all(|c| {
                    c.is_ascii_digit()
                        || (upper && c.is_ascii_uppercase())
                        || (!upper && c.is_ascii_lowercase())
                })
        })
}

/// Everything meshStack would refuse, named, before a file is written.
pub(super) fn problems_of(c: &Catalogue) -> Vec<String> {
    let mut problems = Vec::new();
    let name = |problems: &mut Vec<String>, what: &str, n: &str, upper: bool| {
        if !meshstack_name(n, upper) {
            problems.push(format!(
                "{what} '{n}' is not a meshStack name ({} words of letters and digits joined by single '-')",
                if upper { "upper-case" } else { "lower-case" }
            ));
        }
    };
    for t in &c.types {
        name(&mut problems, "platform type", &t.identifier, true);
    }
    for l in &c.locations {
        name(&mut problems, "location", &l.identifier, false);
    }
    let mut names = std::collections::BTreeMap::new();
    for o in &c.offerings {
        let p = &o.platform;
        for z in o.zones.iter().filter(|z| !z.disabled) {
            name(&mut problems, "landing zone", &z.identifier, false);
        }
        for i in &o.instances {
            let n = platform_name(p, i);
            name(&mut problems, "meshStack platform", &n, false);
            if let Some(other) = names.insert(n.clone(), format!("{}/{}", p.identifier, i.name)) {
                problems.push(format!(
                    "instances {other} and {}/{} both become meshStack platform '{n}'; rename one",
                    p.identifier, i.name
                ));
            }
        }
    }
    for o in &c.offerings {
        let p = &o.platform;
        if p.location.is_empty() {
            problems.push(format!(
                "platform {} has no location (meshStack places every platform)",
                p.identifier
            ));
        } else if !c.locations.iter().any(|l| l.identifier == p.location) {
            problems.push(format!(
                "platform {} names location '{}', which is no location record",
                p.identifier, p.location
            ));
        }
    }
    problems
}
