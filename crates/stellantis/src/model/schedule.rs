//! Times of day and week days for programs and deferred charging.

use std::fmt;

use super::InvalidInput;

/// A time of day, sent as an ISO-8601 duration from midnight (`PT14H30M`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
}

impl TimeOfDay {
    /// Checks hour 0..=23 and minute 0..=59.
    pub fn new(hour: i64, minute: i64) -> Result<Self, InvalidInput> {
        match (u8::try_from(hour), u8::try_from(minute)) {
            (Ok(h), Ok(m)) if h <= 23 && m <= 59 => Ok(Self { hour: h, minute: m }),
            _ => Err(InvalidInput::new(
                "time",
                Self::ALLOWED,
                format!("{hour} h {minute} min"),
            )),
        }
    }

    /// What a time may look like, for messages.
    pub const ALLOWED: &'static str = "a time of day from 00:00 to 23:59, as HH:MM or PT14H30M";

    /// Parses `HH:MM` or an ISO-8601 duration from midnight (`PT14H30M`, `PT7H`, `PT0S`);
    /// the error names `field`.
    pub fn parse(field: &str, text: &str) -> Result<Self, InvalidInput> {
        let invalid = || InvalidInput::new(field, Self::ALLOWED, format!("{text:?}"));
        let trimmed = text.trim();
        let (hour, minute) = if let Some(iso) = trimmed
            .strip_prefix("PT")
            .or_else(|| trimmed.strip_prefix("pt"))
        {
            parse_iso(iso).ok_or_else(invalid)?
        } else {
            let (h, m) = trimmed.split_once(':').ok_or_else(invalid)?;
            (
                digits(h).ok_or_else(invalid)?,
                digits(m).ok_or_else(invalid)?,
            )
        };
        Self::new(hour, minute).map_err(|_| invalid())
    }

    /// The hour, 0..=23.
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// The minute, 0..=59.
    pub fn minute(self) -> u8 {
        self.minute
    }

    /// The API form: an ISO-8601 duration from midnight, `PT{h}H{m}M`.
    pub fn to_iso(self) -> String {
        format!("PT{}H{}M", self.hour, self.minute)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// 1 or 2 ASCII digits, as a number.
fn digits(text: &str) -> Option<i64> {
    if (1..=2).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// The part after `PT`: `[nH][nM][0S]`, at least one part, seconds only zero.
fn parse_iso(rest: &str) -> Option<(i64, i64)> {
    let mut hour = None;
    let mut minute = None;
    let mut seconds_seen = false;
    let mut number = String::new();
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            d if d.is_ascii_digit() && number.len() < 2 => number.push(d),
            'H' if hour.is_none() && minute.is_none() && !seconds_seen && !number.is_empty() => {
                hour = Some(number.parse().ok()?);
                number.clear();
            }
            'M' if minute.is_none() && !seconds_seen && !number.is_empty() => {
                minute = Some(number.parse().ok()?);
                number.clear();
            }
            'S' if !seconds_seen && number.chars().all(|d| d == '0') && !number.is_empty() => {
                seconds_seen = true;
                number.clear();
            }
            _ => return None,
        }
    }
    let any_part = hour.is_some() || minute.is_some() || seconds_seen;
    (number.is_empty() && any_part).then(|| (hour.unwrap_or(0), minute.unwrap_or(0)))
}

wire_enum!(
    /// A day of the week, as programs spell it.
    Weekday {
        /// Monday.
        Mon = "Mon",
        /// Tuesday.
        Tue = "Tue",
        /// Wednesday.
        Wed = "Wed",
        /// Thursday.
        Thu = "Thu",
        /// Friday.
        Fri = "Fri",
        /// Saturday.
        Sat = "Sat",
        /// Sunday.
        Sun = "Sun",
    }
);

/// The days a program runs on: at least one, each once, kept in week order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Days(u8);

impl Days {
    /// Every day of the week.
    pub const EVERY_DAY: Days = Days(0b111_1111);

    /// Checks that the list is not empty and names no day twice.
    pub fn new(days: &[Weekday]) -> Result<Self, InvalidInput> {
        let mut bits = 0u8;
        for day in days {
            let bit = 1u8 << Self::index(*day);
            if bits & bit != 0 {
                return Err(InvalidInput::new(
                    "days",
                    "each day at most once",
                    format!("{day} twice"),
                ));
            }
            bits |= bit;
        }
        if bits == 0 {
            return Err(InvalidInput::new(
                "days",
                format!("at least one day, {}", Weekday::allowed()),
                "no day",
            ));
        }
        Ok(Self(bits))
    }

    /// Parses day names (`Mon`, `tue`...); the error names `field`.
    pub fn parse<S: AsRef<str>>(field: &str, names: &[S]) -> Result<Self, InvalidInput> {
        let days = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                Weekday::parse("", name.as_ref()).map_err(|e| e.within(&format!("{field}[{i}]")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(&days).map_err(|mut e| {
            e.field = field.to_owned();
            e
        })
    }

    /// The days, Monday first.
    pub fn to_vec(self) -> Vec<Weekday> {
        Weekday::ALL
            .iter()
            .copied()
            .filter(|day| self.0 & (1 << Self::index(*day)) != 0)
            .collect()
    }

    fn index(day: Weekday) -> u8 {
        match day {
            Weekday::Mon => 0,
            Weekday::Tue => 1,
            Weekday::Wed => 2,
            Weekday::Thu => 3,
            Weekday::Fri => 4,
            Weekday::Sat => 5,
            Weekday::Sun => 6,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_from_clock_and_iso_forms() {
        let t = TimeOfDay::parse("start", "14:30").unwrap();
        assert_eq!(t.to_iso(), "PT14H30M");
        assert_eq!(TimeOfDay::parse("start", "PT14H30M"), Ok(t));
        assert_eq!(
            TimeOfDay::parse("start", "PT7H").unwrap().to_iso(),
            "PT7H0M"
        );
        assert_eq!(
            TimeOfDay::parse("start", "PT45M").unwrap().to_iso(),
            "PT0H45M"
        );
        assert_eq!(
            TimeOfDay::parse("start", "PT0S").unwrap().to_iso(),
            "PT0H0M"
        );
        assert_eq!(
            TimeOfDay::parse("start", "7:05").unwrap().to_string(),
            "07:05"
        );
    }

    #[test]
    fn bad_times_name_the_field() {
        for bad in [
            "24:00", "12:60", "PT24H", "PT", "PT1H2H", "PT5S", "noon", "", "1:2:3", "PT1M1H",
        ] {
            let error = TimeOfDay::parse("deferred.startTime", bad).unwrap_err();
            assert_eq!(error.field, "deferred.startTime", "{bad}");
        }
    }

    #[test]
    fn days_are_unique_non_empty_and_ordered() {
        let days = Days::parse("days", &["sun", "Mon"]).unwrap();
        assert_eq!(days.to_vec(), vec![Weekday::Mon, Weekday::Sun]);
        assert_eq!(Days::parse::<&str>("days", &[]).unwrap_err().field, "days");
        assert_eq!(
            Days::parse("days", &["Mon", "mon"]).unwrap_err().got,
            "Mon twice"
        );
        assert_eq!(
            Days::parse("days", &["Mon", "Funday"]).unwrap_err().field,
            "days[1]"
        );
        assert_eq!(Days::EVERY_DAY.to_vec().len(), 7);
    }
}
