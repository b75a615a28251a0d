//! ISO-8601 time durations as the API sends them (`PT2H10M`), read as whole minutes.

/// Minutes of an ISO-8601 time duration such as `PT2H10M`, `PT45M30S`, `P1DT2H` (seconds are
/// rounded down); `None` when it does not read as one.
pub fn duration_minutes(iso: &str) -> Option<u64> {
    let rest = iso.trim().strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((days, time)) => (days, time),
        None => (rest, ""),
    };
    let mut seconds: f64 = 0.0;
    let mut read = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
            } else {
                let (_, factor) = units.iter().find(|(u, _)| *u == c)?;
                seconds += number.parse::<f64>().ok()? * factor;
                number.clear();
            }
        }
        number.is_empty().then_some(())
    };
    read(days, &[('W', 604_800.0), ('D', 86_400.0)])?;
    read(time, &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)])?;
    (rest != "T" && !rest.is_empty()).then_some((seconds / 60.0).floor() as u64)
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations_in_minutes() {
        assert_eq!(duration_minutes("PT2H10M"), Some(130));
        assert_eq!(duration_minutes("PT0S"), Some(0));
        assert_eq!(duration_minutes("PT45M59S"), Some(45));
        assert_eq!(duration_minutes("P1DT1H"), Some(1500));
        assert_eq!(duration_minutes("PT1.5H"), Some(90));
        for bad in ["", "P", "PT", "2H", "PT2X", "PT2", "soon"] {
            assert_eq!(duration_minutes(bad), None, "{bad}");
        }
    }
}
