//! Ready-made connectors, shipped as data files in `presets/`.

pub const PRESETS: &[(&str, &str)] = &[
    ("generic-rest", include_str!("../presets/generic-rest.yaml")),
    ("scim2", include_str!("../presets/scim2.yaml")),
    ("kubernetes", include_str!("../presets/kubernetes.yaml")),
    (
        "signed-webhook",
        include_str!("../presets/signed-webhook.yaml"),
    ),
];

pub fn preset(name: &str) -> Option<&'static str> {
    PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_preset_parses() {
        for (name, text) in super::PRESETS {
            crate::parse(text).unwrap_or_else(|e| panic!("preset {name}: {e}"));
        }
    }
}
