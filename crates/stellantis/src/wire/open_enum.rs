//! Declares the string enums of the API that keep unknown values as text.

/// Declares a string enum that keeps unknown values as `Other(text)`.
macro_rules! open_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $v,)+
            /// A value this client does not know (kept as sent).
            Other(String),
        }
        impl $name {
            /// Every value this client knows, in the spec's order.
            pub const ALL: &[$name] = &[$($name::$v),+];

            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$v => stringify!($v),)+
                    $name::Other(s) => s,
                }
            }
            /// Reads the API spelling; unknown values become `Other`.
            pub fn parse(s: &str) -> Self {
                match s {
                    $(stringify!($v) => $name::$v,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                Ok($name::parse(&s))
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
