//! Small integers with a range: program slots and charge levels.

use super::InvalidInput;

/// Declares an integer newtype whose constructor checks `MIN..=MAX`.
macro_rules! bounded_int {
    ($(#[$meta:meta])* $name:ident, $field:literal, $min:literal, $max:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u8);

        impl $name {
            /// The smallest allowed value.
            pub const MIN: u8 = $min;
            /// The largest allowed value.
            pub const MAX: u8 = $max;

            /// Checks the range; the error names the field and the range.
            pub fn new(value: i64) -> Result<Self, InvalidInput> {
                match u8::try_from(value) {
                    Ok(small) if (Self::MIN..=Self::MAX).contains(&small) => Ok(Self(small)),
                    _ => Err(InvalidInput::new(
                        $field,
                        format!("a whole number from {} to {}", Self::MIN, Self::MAX),
                        value,
                    )),
                }
            }

            /// The number.
            pub fn get(self) -> u8 {
                self.0
            }
        }

        impl TryFrom<i64> for $name {
            type Error = InvalidInput;

            fn try_from(value: i64) -> Result<Self, InvalidInput> {
                Self::new(value)
            }
        }
    };
}

/// Checks the slots of a program list: 1 to `max` programs, each slot at most once.
pub(super) fn check_program_slots(slots: &[u8], max: u8) -> Result<(), InvalidInput> {
    let max = usize::from(max);
    if !(1..=max).contains(&slots.len()) {
        return Err(InvalidInput::new(
            "programs",
            format!("1 to {max} programs"),
            format!("{} programs", slots.len()),
        ));
    }
    for (i, slot) in slots.iter().enumerate() {
        if slots[..i].contains(slot) {
            return Err(InvalidInput::new(
                format!("programs[{i}].slot"),
                "each slot at most once per command",
                format!("slot {slot} again"),
            ));
        }
    }
    Ok(())
}

bounded_int!(
    /// A charging program slot: 1 or 2.
    ChargingSlot, "slot", 1, 2
);
bounded_int!(
    /// An air-conditioning program slot: 1 to 4.
    PreconditioningSlot, "slot", 1, 4
);
bounded_int!(
    /// The level (percent) a charging program keeps at least: 0 to 50.
    MinChargingLevel, "minChargingLevel", 0, 50
);
bounded_int!(
    /// The level (percent) a charging program stops at: 0 to 100.
    MaxChargingLevel, "maxChargingLevel", 0, 100
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_inclusive_and_checked() {
        assert_eq!(ChargingSlot::new(2).map(ChargingSlot::get), Ok(2));
        assert_eq!(ChargingSlot::new(3).unwrap_err().field, "slot");
        assert!(ChargingSlot::new(0).is_err());
        assert!(PreconditioningSlot::new(4).is_ok());
        assert!(PreconditioningSlot::new(5).is_err());
        assert!(MinChargingLevel::new(50).is_ok());
        assert!(MinChargingLevel::new(51).is_err());
        assert!(MaxChargingLevel::new(-1).is_err());
        assert_eq!(
            MaxChargingLevel::new(101).unwrap_err().allowed,
            "a whole number from 0 to 100"
        );
    }
}
