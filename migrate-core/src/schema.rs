//! Column helpers in the style of sea-orm-migration's: `pk_auto("id")`, `string("name")`, ….
//! Each returns a sea-query [`ColumnDef`]; the `_null` forms are nullable, the others
//! `NOT NULL`.

use sea_query::{ColumnDef, IntoIden};

macro_rules! columns {
    ($($(#[$doc:meta])* $name:ident, $nullable:ident => $ty:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name(name: impl IntoIden) -> ColumnDef {
            ColumnDef::new(name).$ty().not_null().to_owned()
        }

        $(#[$doc])*
        /// Nullable.
        pub fn $nullable(name: impl IntoIden) -> ColumnDef {
            ColumnDef::new(name).$ty().null().to_owned()
        }
    )*};
}

columns! {
    /// A `VARCHAR` column (255 characters on MySQL).
    string, string_null => string;
    /// A `TEXT` column.
    text, text_null => text;
    /// A 32-bit integer column.
    integer, integer_null => integer;
    /// A 64-bit integer column.
    big_integer, big_integer_null => big_integer;
    /// A boolean column.
    boolean, boolean_null => boolean;
    /// A timestamp column without time zone.
    timestamp, timestamp_null => timestamp;
    /// A timestamp column with time zone.
    timestamp_with_time_zone, timestamp_with_time_zone_null => timestamp_with_time_zone;
    /// A double-precision float column.
    double, double_null => double;
}

/// An auto-incrementing integer primary key.
pub fn pk_auto(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

/// A 64-bit auto-incrementing primary key.
pub fn pk_big_auto(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}
