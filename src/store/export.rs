//! Whole-database export and import as one versioned JSON document (see `docs/export-format.md`).
//!
//! The tables are described once, as data, so the same code writes and reads every table on both
//! backends and a new table needs only a new entry in `TABLES`. Sessions and sign-in failures are
//! left out on purpose: they are short-lived security state, not the users' data.

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::Row;

use super::{in_transaction, on_pool, Store, StoreError, StoreResult};

pub const EXPORT_FORMAT: &str = "mockloop-export";
pub const EXPORT_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ColumnType {
    Text,
    OptionalText,
    Int,
    OptionalInt,
    Bool,
    /// Binary, written as standard base64 text.
    Bytes,
}

#[derive(Debug)]
struct TableSpec {
    name: &'static str,
    columns: &'static [(&'static str, ColumnType)],
    /// Keeps exports stable, so two exports of the same data are byte-identical.
    order_by: &'static str,
}

use ColumnType::{Bool, Bytes, Int, OptionalInt, OptionalText, Text};

/// Every exported table, parents before children so that import satisfies foreign keys.
const TABLES: &[TableSpec] = &[
    TableSpec { name: "settings", columns: &[("key", Text), ("value", Text)], order_by: "key" },
    TableSpec {
        name: "users",
        columns: &[
            ("id", Text),
            ("email", Text),
            ("display_name", Text),
            ("password_hash", Text),
            ("is_admin", Bool),
            ("created_at", Int),
        ],
        order_by: "id",
    },
    TableSpec {
        name: "api_tokens",
        columns: &[
            ("id", Text),
            ("user_id", Text),
            ("name", Text),
            ("token_hash", Text),
            ("created_at", Int),
            ("last_used_at", OptionalInt),
        ],
        order_by: "id",
    },
    TableSpec {
        name: "circles",
        columns: &[("id", Text), ("name", Text), ("created_by", Text), ("created_at", Int)],
        order_by: "id",
    },
    TableSpec {
        name: "circle_members",
        columns: &[("circle_id", Text), ("user_id", Text), ("role", Text), ("joined_at", Int)],
        order_by: "circle_id, user_id",
    },
    TableSpec {
        name: "circle_invites",
        columns: &[
            ("id", Text),
            ("circle_id", Text),
            ("token_hash", Text),
            ("created_by", Text),
            ("created_at", Int),
            ("expires_at", Int),
            ("used_at", OptionalInt),
            ("used_by", OptionalText),
        ],
        order_by: "id",
    },
    TableSpec {
        name: "loops",
        columns: &[
            ("id", Text),
            ("circle_id", Text),
            ("template_id", Text),
            ("time_zone", Text),
            ("start_local", Text),
            ("max_minutes_per_day", Int),
            ("seed", Int),
            ("relaxed_json", Text),
            ("created_by", Text),
            ("created_at", Int),
        ],
        order_by: "id",
    },
    TableSpec {
        name: "loop_participants",
        columns: &[("loop_id", Text), ("user_id", Text), ("position", Int)],
        order_by: "loop_id, position",
    },
    TableSpec {
        name: "loop_rounds",
        columns: &[
            ("id", Text),
            ("loop_id", Text),
            ("position", Int),
            ("round_kind", Text),
            ("interviewee_id", Text),
            ("interviewer_id", OptionalText),
            ("shadow_id", OptionalText),
            ("question_id", Text),
            ("starts_at", Int),
            ("ends_at", Int),
            ("feedback_ends_at", Int),
        ],
        order_by: "id",
    },
    TableSpec {
        name: "room_events",
        columns: &[
            ("round_id", Text),
            ("seq", Int),
            ("at_ms", Int),
            ("actor_id", Text),
            ("command_json", Text),
        ],
        order_by: "round_id, seq",
    },
    TableSpec {
        name: "room_doc_updates",
        columns: &[("id", Text), ("round_id", Text), ("at_ms", Int), ("body", Bytes)],
        order_by: "id",
    },
    TableSpec {
        name: "room_notes",
        columns: &[
            ("id", Text),
            ("round_id", Text),
            ("author_id", Text),
            ("at_ms", Int),
            ("body", Text),
            ("tags", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
        order_by: "id",
    },
    TableSpec {
        name: "feedback_forms",
        columns: &[
            ("id", Text),
            ("round_id", Text),
            ("giver_id", Text),
            ("giver_role", Text),
            ("draft_json", Text),
            ("confirmed_json", Text),
            ("submitted_at", OptionalInt),
            ("released_at", OptionalInt),
            ("updated_at", Int),
        ],
        order_by: "id",
    },
    TableSpec {
        name: "self_assessments",
        columns: &[
            ("round_id", Text),
            ("user_id", Text),
            ("body_json", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
        order_by: "round_id, user_id",
    },
    TableSpec {
        name: "feedback_messages",
        columns: &[
            ("id", Text),
            ("form_id", Text),
            ("item_id", Text),
            ("author_id", Text),
            ("body", Text),
            ("created_at", Int),
        ],
        order_by: "id",
    },
    TableSpec {
        name: "feedback_reactions",
        columns: &[
            ("form_id", Text),
            ("item_id", Text),
            ("user_id", Text),
            ("thanked_at", OptionalInt),
            ("takeaway", OptionalText),
            ("kept_at", OptionalInt),
        ],
        order_by: "form_id, item_id, user_id",
    },
    TableSpec {
        name: "focus_areas",
        columns: &[("user_id", Text), ("theme_id", Text), ("position", Int), ("set_at", Int)],
        order_by: "user_id, position",
    },
    TableSpec {
        name: "practice_ticks",
        columns: &[("user_id", Text), ("theme_id", Text), ("item_key", Text), ("ticked_at", Int)],
        order_by: "user_id, theme_id, item_key",
    },
    TableSpec {
        name: "focus_shares",
        columns: &[("token_hash", Text), ("user_id", Text), ("created_at", Int)],
        order_by: "token_hash",
    },
    TableSpec {
        name: "pool_entries",
        columns: &[
            ("user_id", Text),
            ("track", Text),
            ("level", Text),
            ("time_zone", Text),
            ("availability_json", Text),
            ("group_size", Text),
            ("wants_json", Text),
            ("ready_json", Text),
            ("focus_json", Text),
            ("rematch_json", Text),
            ("status", Text),
            ("waiting_since", Int),
            ("priority", Int),
            ("note", OptionalText),
            ("joined_at", Int),
            ("updated_at", Int),
        ],
        order_by: "user_id",
    },
    TableSpec {
        name: "match_runs",
        columns: &[("id", Text), ("ran_at", Int), ("people", Int), ("group_count", Int), ("unmatched", Int)],
        order_by: "id",
    },
    TableSpec {
        name: "match_proposals",
        columns: &[
            ("id", Text),
            ("run_id", Text),
            ("created_at", Int),
            ("deadline", Int),
            ("status", Text),
            ("track", Text),
            ("score_milli", Int),
            ("common_json", Text),
            ("reasons_json", Text),
            ("circle_id", OptionalText),
            ("loop_id", OptionalText),
            ("closed_at", OptionalInt),
        ],
        order_by: "id",
    },
    TableSpec {
        name: "match_proposal_members",
        columns: &[
            ("proposal_id", Text),
            ("user_id", Text),
            ("position", Int),
            ("response", Text),
            ("responded_at", OptionalInt),
        ],
        order_by: "proposal_id, position",
    },
    TableSpec {
        name: "no_show_reports",
        columns: &[("round_id", Text), ("reporter_id", Text), ("absent_id", Text), ("created_at", Int)],
        order_by: "round_id, reporter_id, absent_id",
    },
    TableSpec {
        name: "notifications",
        columns: &[
            ("id", Text),
            ("user_id", Text),
            ("message", Text),
            ("link", Text),
            ("created_at", Int),
            ("read_at", OptionalInt),
        ],
        order_by: "id",
    },
];

/// The export document. `tables` maps a table name to its rows, each a JSON object of columns.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExportDocument {
    pub format: String,
    pub version: u32,
    pub exported_at: i64,
    pub tables: Map<String, Value>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("not a mockloop export (format is {0:?})")]
    WrongFormat(String),
    #[error("export version {0} is not supported; this mockloop reads version {EXPORT_VERSION}")]
    UnsupportedVersion(u32),
    #[error("the database is not empty (table {0} has rows); import only into a fresh database")]
    NotEmpty(&'static str),
    #[error("unknown table {0:?} in the export")]
    UnknownTable(String),
    #[error("table {table}, row {row}: {message}")]
    BadRow { table: &'static str, row: usize, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ImportError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(StoreError::Database(error))
    }
}

/// Where a table's rows are read from: workspace updates still in the SQLite journal (see
/// `store::update_log`) are exported with the filed ones, as the rows they will become.
fn source(table: &TableSpec) -> &'static str {
    match table.name {
        "room_doc_updates" => {
            "(SELECT id, round_id, at_ms, body FROM room_doc_updates \
             UNION SELECT id, round_id, at_ms, body FROM room_doc_journal \
             WHERE round_id IN (SELECT id FROM loop_rounds)) AS room_doc_updates"
        }
        name => name,
    }
}

fn select_sql(table: &TableSpec) -> String {
    let columns: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    format!("SELECT {} FROM {} ORDER BY {}", columns.join(", "), source(table), table.order_by)
}

fn insert_sql(table: &TableSpec) -> String {
    let columns: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    format!("INSERT INTO {} ({}) VALUES ({})", table.name, columns.join(", "), placeholders.join(", "))
}

/// Reads one column of a row as JSON; a macro because the row type differs per backend.
macro_rules! column_value {
    ($row:expr, $name:expr, $kind:expr) => {
        match $kind {
            Text => Value::from($row.try_get::<String, _>($name)?),
            OptionalText => $row.try_get::<Option<String>, _>($name)?.map_or(Value::Null, Value::from),
            Int => Value::from($row.try_get::<i64, _>($name)?),
            OptionalInt => $row.try_get::<Option<i64>, _>($name)?.map_or(Value::Null, Value::from),
            Bool => Value::from($row.try_get::<bool, _>($name)?),
            Bytes => Value::from(
                base64::engine::general_purpose::STANDARD.encode($row.try_get::<Vec<u8>, _>($name)?),
            ),
        }
    };
}

impl Store {
    /// Reads every exported table into one document.
    pub async fn export_all(&self, now: i64) -> StoreResult<ExportDocument> {
        let mut tables = Map::new();
        for table in TABLES {
            let sql = select_sql(table);
            let rows: Vec<Value> = on_pool!(self, |pool| {
                let mut out = Vec::new();
                for row in sqlx::query(&sql).fetch_all(pool).await? {
                    let mut object = Map::new();
                    for (name, kind) in table.columns {
                        object.insert((*name).to_owned(), column_value!(row, *name, *kind));
                    }
                    out.push(Value::Object(object));
                }
                out
            });
            tables.insert(table.name.to_owned(), Value::Array(rows));
        }
        Ok(ExportDocument {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            exported_at: now,
            tables,
        })
    }

    /// Restores an export into this (migrated, empty) database in one transaction: either every
    /// row is imported or none is.
    pub async fn import_all(&self, document: &ExportDocument) -> Result<usize, ImportError> {
        if document.format != EXPORT_FORMAT {
            return Err(ImportError::WrongFormat(document.format.clone()));
        }
        if document.version != EXPORT_VERSION {
            return Err(ImportError::UnsupportedVersion(document.version));
        }
        if let Some(unknown) = document.tables.keys().find(|name| !TABLES.iter().any(|t| t.name == *name)) {
            return Err(ImportError::UnknownTable(unknown.clone()));
        }
        let rows_by_table = TABLES
            .iter()
            .map(|table| parse_rows(table, document.tables.get(table.name)))
            .collect::<Result<Vec<_>, _>>()?;
        let imported = in_transaction!(self, |tx| {
            for table in TABLES {
                let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", table.name))
                    .fetch_one(&mut *tx)
                    .await?;
                if count > 0 {
                    return Err(ImportError::NotEmpty(table.name));
                }
            }
            let mut imported = 0usize;
            for (table, rows) in TABLES.iter().zip(&rows_by_table) {
                let sql = insert_sql(table);
                for row in rows {
                    let mut query = sqlx::query(&sql);
                    for cell in row {
                        query = match cell {
                            Cell::Text(text) => query.bind(text.clone()),
                            Cell::Int(number) => query.bind(*number),
                            Cell::Bool(flag) => query.bind(*flag),
                            Cell::NullText => query.bind(None::<String>),
                            Cell::NullInt => query.bind(None::<i64>),
                            Cell::Bytes(bytes) => query.bind(bytes.clone()),
                        };
                    }
                    query.execute(&mut *tx).await?;
                    imported += 1;
                }
            }
            imported
        });
        Ok(imported)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Int(i64),
    Bool(bool),
    NullText,
    NullInt,
    Bytes(Vec<u8>),
}

fn parse_rows(table: &'static TableSpec, value: Option<&Value>) -> Result<Vec<Vec<Cell>>, ImportError> {
    let bad = |row: usize, message: String| ImportError::BadRow { table: table.name, row, message };
    let rows = match value {
        None => return Ok(Vec::new()),
        Some(Value::Array(rows)) => rows,
        Some(_) => return Err(bad(0, "expected an array of rows".to_owned())),
    };
    rows.iter()
        .enumerate()
        .map(|(index, row)| {
            let object = row.as_object().ok_or_else(|| bad(index, "expected an object".to_owned()))?;
            if let Some(extra) = object.keys().find(|key| !table.columns.iter().any(|(name, _)| name == key))
            {
                return Err(bad(index, format!("unknown column {extra:?}")));
            }
            table
                .columns
                .iter()
                .map(|(name, kind)| {
                    let cell = object.get(*name).unwrap_or(&Value::Null);
                    parse_cell(cell, *kind)
                        .ok_or_else(|| bad(index, format!("column {name} has the wrong type")))
                })
                .collect()
        })
        .collect()
}

fn parse_cell(value: &Value, kind: ColumnType) -> Option<Cell> {
    match (kind, value) {
        (Text | OptionalText, Value::String(text)) => Some(Cell::Text(text.clone())),
        (OptionalText, Value::Null) => Some(Cell::NullText),
        (Int | OptionalInt, Value::Number(number)) => number.as_i64().map(Cell::Int),
        (OptionalInt, Value::Null) => Some(Cell::NullInt),
        (Bool, Value::Bool(flag)) => Some(Cell::Bool(*flag)),
        (Bytes, Value::String(text)) => {
            base64::engine::general_purpose::STANDARD.decode(text).ok().map(Cell::Bytes)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_sql_numbers_placeholders_in_column_order() {
        assert_eq!(insert_sql(&TABLES[0]), "INSERT INTO settings (key, value) VALUES ($1, $2)");
    }

    #[test]
    fn cells_are_type_checked() {
        assert_eq!(parse_cell(&Value::from("x"), Text), Some(Cell::Text("x".into())));
        assert_eq!(parse_cell(&Value::Null, Text), None);
        assert_eq!(parse_cell(&Value::from(1.5), Int), None);
        assert_eq!(parse_cell(&Value::Null, OptionalInt), Some(Cell::NullInt));
        assert_eq!(parse_cell(&Value::from(1), Bool), None);
    }

    #[test]
    fn unknown_columns_are_rejected() {
        let rows = serde_json::json!([{"key": "a", "value": "b", "extra": 1}]);
        let error = parse_rows(&TABLES[0], Some(&rows)).expect_err("extra column");
        assert!(error.to_string().contains("unknown column \"extra\""));
    }
}
