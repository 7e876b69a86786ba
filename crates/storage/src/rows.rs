//! Reading typed values back out of rows of either backend.

use std::str::FromStr;

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, StoreError};

pub(crate) fn text(row: &AnyRow, column: &str) -> Result<String> {
    Ok(row.try_get::<String, _>(column)?)
}

pub(crate) fn opt_text(row: &AnyRow, column: &str) -> Result<Option<String>> {
    Ok(row.try_get::<Option<String>, _>(column)?)
}

pub(crate) fn int(row: &AnyRow, column: &str) -> Result<i64> {
    Ok(row.try_get::<i64, _>(column)?)
}

pub(crate) fn opt_int(row: &AnyRow, column: &str) -> Result<Option<i64>> {
    Ok(row.try_get::<Option<i64>, _>(column)?)
}

pub(crate) fn flag(row: &AnyRow, column: &str) -> Result<bool> {
    Ok(int(row, column)? != 0)
}

/// Parses a column holding an id or an enumeration's stored name.
pub(crate) fn parsed<T: FromStr>(row: &AnyRow, column: &str) -> Result<T> {
    let raw = text(row, column)?;
    raw.parse()
        .map_err(|_| StoreError::Corrupt(format!("column {column} holds {raw:?}")))
}

pub(crate) fn opt_parsed<T: FromStr>(row: &AnyRow, column: &str) -> Result<Option<T>> {
    match opt_text(row, column)? {
        None => Ok(None),
        Some(raw) => raw
            .parse()
            .map(Some)
            .map_err(|_| StoreError::Corrupt(format!("column {column} holds {raw:?}"))),
    }
}

/// Parses a column holding one of a wire enumeration's names.
pub(crate) fn named<T>(row: &AnyRow, column: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    let raw = text(row, column)?;
    parse(&raw).ok_or_else(|| StoreError::Corrupt(format!("column {column} holds {raw:?}")))
}

pub(crate) fn opt_named<T>(
    row: &AnyRow,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>> {
    match opt_text(row, column)? {
        None => Ok(None),
        Some(raw) => parse(&raw)
            .map(Some)
            .ok_or_else(|| StoreError::Corrupt(format!("column {column} holds {raw:?}"))),
    }
}

pub(crate) fn json<T: serde::de::DeserializeOwned>(row: &AnyRow, column: &str) -> Result<T> {
    let raw = text(row, column)?;
    serde_json::from_str(&raw).map_err(|e| StoreError::Corrupt(format!("column {column}: {e}")))
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Serializing plain records of strings and numbers cannot fail.
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}
