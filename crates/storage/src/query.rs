//! Collection queries: a typed filter tree, a sort and a keyset cursor, which this
//! module turns into SQL over a collection's allowed columns.
//!
//! Every collection of the directory API (users, group members, groups, a user's
//! groups, applications; the resources to come) is read through this one mechanism:
//! a caller names fields of the collection's [`Field`] type, never SQL, and every
//! value it compares with is bound as a parameter, never written into the text. Each
//! field says which column holds it and how (case-folded text, exact text, a 0/1 flag,
//! a number, an id), and every such column is the leading column of an index after
//! `tenant_id`, so a filter or a sort has an index to use (the `plans` tests pin it).
//!
//! Pages are keyset pages: the rows come in the order of the sort key and then the id,
//! and a [`Cursor`] holds the last row's key and id, so a page starts exactly after
//! the previous one however the rows around it change, and never counts rows to skip.
//!
//! This module never decides who may read what or which filters a client may send:
//! the API's collection schemas do, before a query gets here.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

use crate::{Result, StoreError};

/// A value a filter compares a field with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Literal {
    Null,
    Bool(bool),
    Text(String),
    Int(i64),
    Id(Uuid),
}

/// How a field compares with a literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A filter over the fields `F` of one collection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter<F> {
    /// Always true or always false (a property whose value is the same for every
    /// object of the collection, such as a group's `securityEnabled`).
    Constant(bool),
    Compare(F, Comparison, Literal),
    In(F, Vec<Literal>),
    /// The value starts with the text; case-insensitive on case-folded fields.
    StartsWith(F, String),
    /// A word of the value starts with the text (Graph's `$search`): the value's
    /// start, or the start of what follows its first space.
    Search(F, String),
    /// The value contains the text anywhere, case-insensitively (the portal's search),
    /// read through the field's trigram index. A text shorter than
    /// [`SUBSTRING_MIN_CHARS`] has no trigram: it is compared with each row of the
    /// scope.
    Contains(F, String),
    And(Vec<Filter<F>>),
    Or(Vec<Filter<F>>),
    Not(Box<Filter<F>>),
}

impl<F> Filter<F> {
    /// `field eq value`.
    pub fn eq(field: F, value: Literal) -> Filter<F> {
        Filter::Compare(field, Comparison::Eq, value)
    }

    /// `startswith(field, prefix)`.
    pub fn starts_with(field: F, prefix: impl Into<String>) -> Filter<F> {
        Filter::StartsWith(field, prefix.into())
    }

    /// Both filters (either may be absent).
    pub fn both(a: Option<Filter<F>>, b: Option<Filter<F>>) -> Option<Filter<F>> {
        match (a, b) {
            (Some(a), Some(b)) => Some(Filter::And(vec![a, b])),
            (a, b) => a.or(b),
        }
    }

    /// The same tree over fields of another type (a collection's fields seen as those
    /// of a wider one, such as a kind's fields among its deleted items').
    pub fn map<G>(self, to: impl Fn(F) -> G + Copy) -> Filter<G> {
        let all = |items: Vec<Filter<F>>| items.into_iter().map(|f| f.map(to)).collect();
        match self {
            Filter::Constant(value) => Filter::Constant(value),
            Filter::Compare(field, op, value) => Filter::Compare(to(field), op, value),
            Filter::In(field, values) => Filter::In(to(field), values),
            Filter::StartsWith(field, text) => Filter::StartsWith(to(field), text),
            Filter::Search(field, text) => Filter::Search(to(field), text),
            Filter::Contains(field, text) => Filter::Contains(to(field), text),
            Filter::And(items) => Filter::And(all(items)),
            Filter::Or(items) => Filter::Or(all(items)),
            Filter::Not(inner) => Filter::Not(Box::new(inner.map(to))),
        }
    }

    /// The number of comparisons in the tree, to bound what one request may ask.
    pub fn terms(&self) -> usize {
        match self {
            Filter::Constant(_) => 0,
            Filter::Compare(..)
            | Filter::StartsWith(..)
            | Filter::Search(..)
            | Filter::Contains(..) => 1,
            Filter::In(_, values) => values.len(),
            Filter::And(items) | Filter::Or(items) => items.iter().map(Filter::terms).sum(),
            Filter::Not(inner) => inner.terms(),
        }
    }
}

/// Which way a sort goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

/// A sort on one field; ties are broken by the id, in the same direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort<F> {
    pub field: F,
    pub direction: Direction,
}

/// What to read of a collection: the rows matching `filter`, in the order of `sort`
/// (the id when absent, or the order a prefix filter's index gives), after `after`,
/// at most `limit`.
#[derive(Clone, Debug)]
pub struct Query<F> {
    pub filter: Option<Filter<F>>,
    pub sort: Option<Sort<F>>,
    pub after: Option<Cursor>,
    pub limit: i64,
}

impl<F: Field> Query<F> {
    /// The order rows come in: the requested sort, else the field of a top-level
    /// `startswith` or range (`ge`, `gt`, `le`, `lt`) on an ordered field (its index
    /// range is read in that order, so a page costs the same however many rows match),
    /// else the id.
    pub fn order(&self) -> Order<F> {
        if let Some(sort) = self.sort {
            return Order::By(sort);
        }
        let conjuncts: &[Filter<F>] = match &self.filter {
            Some(Filter::And(items)) => items,
            Some(other) => std::slice::from_ref(other),
            None => &[],
        };
        conjuncts
            .iter()
            .find_map(|f| {
                let field = match f {
                    Filter::StartsWith(field, _) => *field,
                    Filter::Compare(
                        field,
                        Comparison::Ge | Comparison::Gt | Comparison::Le | Comparison::Lt,
                        _,
                    ) => *field,
                    _ => return None,
                };
                field.column().ordered.then_some(Order::By(Sort {
                    field,
                    direction: Direction::Ascending,
                }))
            })
            .unwrap_or(Order::Id)
    }
}

/// The order of a query's rows, as [`Query::order`] decides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order<F> {
    Id,
    By(Sort<F>),
}

/// One page of a collection and the cursor of the next, when more rows follow.
#[derive(Clone, Debug)]
pub struct Listed<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

/// Where a page ends: the last row's sort key and id. Its text is the `$skiptoken`:
/// the id alone for pages in id order (as tokens always were), else the key's kind,
/// the key (hex-encoded text, or the number) and the id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    key: Key,
    id: Uuid,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    Id,
    Text(String),
    Int(i64),
}

impl Cursor {
    /// Whether this cursor can continue a query in `order` (a token of another
    /// order, or of a sort by text given to a sort by time, cannot).
    pub fn fits<F: Field>(&self, order: &Order<F>) -> bool {
        match (order, &self.key) {
            (Order::Id, Key::Id) => true,
            (Order::By(sort), Key::Text(_)) => sort.field.column().kind != Kind::Int,
            (Order::By(sort), Key::Int(_)) => sort.field.column().kind == Kind::Int,
            _ => false,
        }
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Key::Id => write!(f, "{}", self.id),
            Key::Text(text) => {
                f.write_str("t")?;
                for byte in text.as_bytes() {
                    write!(f, "{byte:02x}")?;
                }
                write!(f, ".{}", self.id)
            }
            Key::Int(n) => write!(f, "n{n}.{}", self.id),
        }
    }
}

/// A `$skiptoken` that is not one of [`Cursor`]'s forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a page cursor")]
pub struct BadCursor;

impl FromStr for Cursor {
    type Err = BadCursor;

    fn from_str(text: &str) -> Result<Cursor, BadCursor> {
        if let Ok(id) = text.parse::<Uuid>() {
            return Ok(Cursor { key: Key::Id, id });
        }
        let (key, id) = text.rsplit_once('.').ok_or(BadCursor)?;
        let id = id.parse::<Uuid>().map_err(|_| BadCursor)?;
        let key = if let Some(hex) = key.strip_prefix('t') {
            if hex.len() % 2 != 0 || !hex.is_ascii() {
                return Err(BadCursor);
            }
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| BadCursor))
                .collect::<Result<Vec<u8>, _>>()?;
            Key::Text(String::from_utf8(bytes).map_err(|_| BadCursor)?)
        } else if let Some(number) = key.strip_prefix('n') {
            Key::Int(number.parse().map_err(|_| BadCursor)?)
        } else {
            return Err(BadCursor);
        };
        Ok(Cursor { key, id })
    }
}

/// The fields of one collection, as columns of its table.
pub trait Field: Copy + fmt::Debug + PartialEq + 'static {
    fn column(self) -> Column;
}

/// Where a field lives and how it compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The column, without the table's alias.
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    /// Rows may be sorted on it (it is not null, and an index has it after the tenant).
    pub sortable: bool,
    /// An index has it after the tenant and before the id, so the rows of a prefix or
    /// a range of it are read in its order (and paged by it) without sorting them.
    pub ordered: bool,
    /// The column holding the value from its second word on, for [`Filter::Search`].
    pub words: Option<&'static str>,
    /// The SQLite FTS5 trigram table that finds the values containing a text, for
    /// [`Filter::Contains`]: it indexes the column under the same name and its rowid
    /// is the row's (external content, kept by triggers; migration 24). On PostgreSQL
    /// a pg_trgm GIN index of the column serves `LIKE '%text%'`. `None`: the field is
    /// not searched by any part.
    pub substring: Option<&'static str>,
    /// The index that leads with the tenant and this column, which a page sorted by
    /// another field but filtered by this one is read through (SQLite's
    /// `INDEXED BY`); `None` where the table has no such index of its own.
    pub index: Option<&'static str>,
}

/// How a column holds its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An id as hyphenated UUID text.
    Id,
    /// Text stored lower-cased: compared with the lower-cased literal.
    Folded,
    /// Text compared as is (the stored names of enumerations).
    Exact,
    /// A boolean as 0/1.
    Flag,
    /// A number (times are Unix seconds).
    Int,
    /// Whether a related row exists: the column's name is the subquery's body
    /// (`SELECT 1 FROM ... WHERE ...`), with `@` standing for the source's alias. Only
    /// `eq true`/`eq false` compare it; it is never sorted, ranged or indexed itself.
    Exists,
}

/// What a collection query reads from: its tables, the alias its fields' columns take,
/// its id, and the conditions that scope it (to the tenant, and to a group or a user).
pub(crate) struct Source<'a> {
    /// `FROM ...` and joins.
    pub from: &'static str,
    /// The alias of the table whose columns the fields name.
    pub alias: &'static str,
    /// The expression of the rows' id, in the order of the driving index (for a
    /// group's members, the membership's user id).
    pub id: &'static str,
    /// The conditions every row meets, with `$1`, `$2`... for `scope`'s values.
    pub scope: &'static str,
    pub scope_values: Vec<Bind>,
    /// The columns read into the row type.
    pub columns: &'a str,
    /// `from` is one table, whose indexes `INDEXED BY` may name.
    pub single_table: bool,
    /// The SQL is SQLite's (else PostgreSQL's): they differ only in how a
    /// [`Filter::Contains`] reads its trigram index. Sources are made for SQLite;
    /// [`Source::on`] sets the backend of the connection that runs them.
    pub sqlite: bool,
}

impl Source<'_> {
    /// This source, for SQLite when `sqlite`, else for PostgreSQL.
    pub fn on(self, sqlite: bool) -> Self {
        Source { sqlite, ..self }
    }
}

/// A value bound to a query's parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Bind {
    Text(String),
    Int(i64),
}

/// SQL text with its parameters, built in step.
#[derive(Debug, Default)]
pub(crate) struct Sql {
    pub text: String,
    pub binds: Vec<Bind>,
    /// Written for SQLite (see [`Source::sqlite`]).
    pub sqlite: bool,
}

impl Sql {
    fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Skips the first `rows` rows of a page query (after its `LIMIT`).
    pub fn offset(&mut self, rows: i64) {
        let offset = self.bind(Bind::Int(rows));
        self.push(&format!(" OFFSET {offset}"));
    }

    /// A query with its text and every value bound, in order.
    #[cfg(test)]
    pub fn query(&self) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments> {
        self.query_kept(true)
    }

    /// [`Sql::query`], its statement kept prepared on the connection or not. A
    /// collection query is not kept on PostgreSQL: a statement it has run five times
    /// may switch to a generic plan, made without the bound values, which cannot tell
    /// a rare value from a common one (`userType in ('Guest') and accountEnabled eq
    /// false`, with no match, walked the whole tenant: 50 ms instead of 1.5 ms). An
    /// unnamed statement is planned with its values every time.
    pub fn query_kept(
        &self,
        kept: bool,
    ) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments> {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(self.text.as_str())).persistent(kept);
        for value in &self.binds {
            query = match value {
                Bind::Text(text) => query.bind(text.as_str()),
                Bind::Int(n) => query.bind(*n),
            };
        }
        query
    }
}

/// How a page that is both sorted and filtered is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Drive {
    /// As the planner chooses: for a sorted page, usually by walking the sort's index
    /// and checking the filter on the way, which costs little while matches are
    /// common and reads the whole index when there are none.
    Planner,
    /// Through the filter's index, sorting what matched: for a filter with few
    /// matches. The sort's expressions are written so that no index serves them
    /// (`(x || '')`, `(x + 0)`), and with `indexed_by` (SQLite) the filter's own
    /// index is named.
    Matches { indexed_by: bool },
}

/// The most matches a sorted, filtered page is read by sorting them: a probe of the
/// filter's index counts up to one more. Sorting `m` matches reads `m`
/// rows; walking the sort's index reads about `100 × n / m` of a tenant of `n` to fill
/// a page of 100; the two meet near √(100 × 100,000) ≈ 3,200 at 100,000 users.
pub const SORT_MATCHES_UP_TO: i64 = 3_000;

/// The SQL counting the matches of a filter up to `SORT_MATCHES_UP_TO + 1`, as `n`.
pub(crate) fn probe_sql<F: Field>(source: &Source<'_>, filter: &Filter<F>) -> Result<Sql> {
    // The probe reads the filter's own index, named on SQLite: its statistics average
    // a column's rows over its values, nulls included, and for a column mostly null
    // (an `externalId` only provisioned users have) it would rather scan the table.
    let index = match source.sqlite && source.single_table {
        true => driving_index(filter),
        false => None,
    };
    let mut sql = scoped_through(source, index);
    sql.text = format!("SELECT 1 AS hit {}", sql.text);
    sql.push(" AND ");
    condition(&mut sql, source.alias, filter, false)?;
    let limit = sql.bind(Bind::Int(SORT_MATCHES_UP_TO + 1));
    sql.text = format!(
        "SELECT COUNT(*) AS n FROM ({} LIMIT {limit}) probe",
        sql.text
    );
    Ok(sql)
}

/// The SQL of one page of `query` from `source`, with the sort key selected as
/// `sort_key` when the order has one. It reads `limit + 1` rows: the extra one only
/// says whether another page follows.
#[cfg(test)]
pub(crate) fn page_sql<F: Field>(source: &Source<'_>, query: &Query<F>) -> Result<Sql> {
    page_sql_driven(source, query, Drive::Planner)
}

/// [`page_sql`], read as `drive` says.
pub(crate) fn page_sql_driven<F: Field>(
    source: &Source<'_>,
    query: &Query<F>,
    drive: Drive,
) -> Result<Sql> {
    let order = query.order();
    let matches = matches!(drive, Drive::Matches { .. });
    // SQLite's statistics average a column's rows over its values, nulls included
    // (nine users in ten have no `creation_type`), and its plans cannot look at the
    // bound value: asked for a few matches, it may read the whole table instead. The
    // probe counted them, so the filter's index is named.
    let index = match (drive, &query.filter) {
        (Drive::Matches { indexed_by: true }, Some(filter)) if source.single_table => {
            driving_index(filter)
        }
        _ => None,
    };
    // The same value, which no index serves: the rows are sorted after the filter.
    let plain = |expr: &str, kind: Kind| match (matches, kind) {
        (false, _) => expr.to_owned(),
        (true, Kind::Int | Kind::Flag) => format!("({expr} + 0)"),
        (true, _) => format!("({expr} || '')"),
    };
    let id_expr = plain(source.id, Kind::Id);
    let mut sql = scoped_through(source, index);
    let key = match order {
        Order::Id => None,
        Order::By(sort) => {
            let column = sort.field.column();
            let allowed = match query.sort {
                Some(_) => column.sortable,
                None => column.ordered,
            };
            if !allowed {
                return Err(unsupported(format!("{:?} is not sortable", sort.field)));
            }
            Some((
                format!("{}.{}", source.alias, column.name),
                sort,
                column.kind,
            ))
        }
    };
    let select = match &key {
        Some((expr, _, _)) => format!("SELECT {}, {expr} AS sort_key ", source.columns),
        None => format!("SELECT {} ", source.columns),
    };
    sql.text = format!("{select}{}", sql.text);
    if let Some(filter) = &query.filter {
        sql.push(" AND ");
        condition(&mut sql, source.alias, filter, false)?;
    }
    if let Some(after) = &query.after {
        if !after.fits(&order) {
            return Err(unsupported("the cursor does not fit the order".into()));
        }
        let id = sql.bind(Bind::Text(after.id.to_string()));
        match (&key, &after.key) {
            (None, _) => sql.push(&format!(" AND {} > {id}", source.id)),
            (Some((expr, sort, kind)), value) => {
                let value = match value {
                    Key::Text(text) => sql.bind(Bind::Text(text.clone())),
                    Key::Int(n) => sql.bind(Bind::Int(*n)),
                    Key::Id => return Err(unsupported("an id cursor for a sorted query".into())),
                };
                let op = match sort.direction {
                    Direction::Ascending => ">",
                    Direction::Descending => "<",
                };
                let expr = plain(expr, *kind);
                sql.push(&format!(" AND ({expr}, {id_expr}) {op} ({value}, {id})"));
            }
        }
    }
    match &key {
        None => sql.push(&format!(" ORDER BY {}", source.id)),
        Some((expr, sort, kind)) => {
            let direction = match sort.direction {
                Direction::Ascending => "",
                Direction::Descending => " DESC",
            };
            let expr = plain(expr, *kind);
            sql.push(&format!(
                " ORDER BY {expr}{direction}, {id_expr}{direction}"
            ));
        }
    }
    let limit = sql.bind(Bind::Int(query.limit.saturating_add(1)));
    sql.push(&format!(" LIMIT {limit}"));
    Ok(sql)
}

/// The SQL counting the rows of `source` that match `filter`, as `n`.
pub(crate) fn count_sql<F: Field>(source: &Source<'_>, filter: Option<&Filter<F>>) -> Result<Sql> {
    count_sql_indexed(source, filter, false)
}

/// [`count_sql`], with `indexed_by` (SQLite) through the filter's own index: a count
/// must check that each match is no deleted item, so it reads the table, and SQLite,
/// taking a property's two values for halves of the tenant, would rather scan it.
pub(crate) fn count_sql_indexed<F: Field>(
    source: &Source<'_>,
    filter: Option<&Filter<F>>,
    indexed_by: bool,
) -> Result<Sql> {
    let index = match filter {
        // A conjunction is left to the planner, which weighs its indexes as before.
        Some(filter) if indexed_by && source.single_table && !matches!(filter, Filter::And(_)) => {
            driving_index(filter)
        }
        _ => None,
    };
    let mut sql = scoped_through(source, index);
    sql.text = format!("SELECT COUNT(*) AS n {}", sql.text);
    if let Some(filter) = filter {
        sql.push(" AND ");
        condition(&mut sql, source.alias, filter, false)?;
    }
    Ok(sql)
}

/// Cuts the extra row a page query read and makes the cursor of the next page from
/// the last row kept: its id, and its `sort_key` when the order has one.
pub(crate) fn listed<F: Field, T>(
    query: &Query<F>,
    rows: Vec<sqlx::any::AnyRow>,
    read: impl Fn(&sqlx::any::AnyRow) -> Result<T>,
    id_of: impl Fn(&T) -> Uuid,
) -> Result<Listed<T>> {
    use sqlx::Row;
    let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
    let more = rows.len() > limit;
    let mut next = None;
    let mut items = Vec::with_capacity(rows.len().min(limit));
    for (i, row) in rows.iter().take(limit).enumerate() {
        let item = read(row)?;
        if more && i + 1 == limit {
            let key = match query.order() {
                Order::Id => Key::Id,
                Order::By(sort) if sort.field.column().kind == Kind::Int => {
                    Key::Int(row.try_get::<i64, _>("sort_key")?)
                }
                Order::By(_) => Key::Text(row.try_get::<String, _>("sort_key")?),
            };
            next = Some(Cursor {
                key,
                id: id_of(&item),
            });
        }
        items.push(item);
    }
    Ok(Listed { items, next })
}

/// The `FROM` and `WHERE` of a source, its table read through `index` if given.
fn scoped_through(source: &Source<'_>, index: Option<&str>) -> Sql {
    let hint = index
        .map(|i| format!(" INDEXED BY {i}"))
        .unwrap_or_default();
    // The scope's own placeholders are $1.. in its text; the filter's follow them.
    Sql {
        text: format!("FROM {}{hint} WHERE {}", source.from, source.scope),
        binds: source.scope_values.clone(),
        sqlite: source.sqlite,
    }
}

/// The index a filter's matches are read through: that of its first equality, `in`
/// or prefix on a field with an index of its own (itself, or among its top-level
/// conjuncts). An `or` has none: SQLite reads each branch's index itself.
pub(crate) fn driving_index<F: Field>(filter: &Filter<F>) -> Option<&'static str> {
    let conjuncts: &[Filter<F>] = match filter {
        Filter::And(items) => items,
        other => std::slice::from_ref(other),
    };
    conjuncts.iter().find_map(|f| match f {
        Filter::Compare(field, Comparison::Eq, value) if *value != Literal::Null => {
            field.column().index
        }
        Filter::In(field, values) if !values.contains(&Literal::Null) => field.column().index,
        Filter::StartsWith(field, _) => field.column().index,
        _ => None,
    })
}

fn unsupported(what: String) -> StoreError {
    StoreError::Query(what)
}

/// Writes `filter` (negated when `negated`) as a condition. A negation is pushed down
/// to the comparisons (De Morgan), and a negated comparison is `NOT COALESCE(c, FALSE)`,
/// so that, as in OData, `not(mail eq 'x')` holds for a user without a mail.
fn condition<F: Field>(
    sql: &mut Sql,
    alias: &str,
    filter: &Filter<F>,
    negated: bool,
) -> Result<()> {
    match filter {
        Filter::Constant(value) => {
            sql.push(if *value != negated { "1 = 1" } else { "1 = 0" });
            Ok(())
        }
        Filter::Not(inner) => condition(sql, alias, inner, !negated),
        Filter::And(items) | Filter::Or(items) => {
            let conjunction = matches!(filter, Filter::And(_)) != negated;
            if items.is_empty() {
                // An empty AND holds, an empty OR does not.
                sql.push(if conjunction { "1 = 1" } else { "1 = 0" });
                return Ok(());
            }
            sql.push("(");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    sql.push(if conjunction { " AND " } else { " OR " });
                }
                condition(sql, alias, item, negated)?;
            }
            sql.push(")");
            Ok(())
        }
        Filter::Compare(field, Comparison::Ne, value) => {
            let eq = Filter::Compare(*field, Comparison::Eq, value.clone());
            condition(sql, alias, &eq, !negated)
        }
        // A flag that is never null is true exactly when it is not false: the
        // negation stays an equality, which its index serves.
        Filter::Compare(field, Comparison::Eq, Literal::Bool(value))
            if negated && field.column().kind == Kind::Flag && !field.column().nullable =>
        {
            let flipped = Filter::Compare(*field, Comparison::Eq, Literal::Bool(!value));
            condition(sql, alias, &flipped, false)
        }
        Filter::Compare(field, Comparison::Eq, Literal::Bool(value))
            if field.column().kind == Kind::Exists =>
        {
            let body = field.column().name.replace('@', alias);
            let not = if *value == negated { "NOT " } else { "" };
            sql.push(&format!("{not}EXISTS ({body})"));
            Ok(())
        }
        Filter::Compare(field, Comparison::Eq, Literal::Null) => {
            let column = field.column();
            let op = if negated { "IS NOT NULL" } else { "IS NULL" };
            sql.push(&format!("{alias}.{} {op}", column.name));
            Ok(())
        }
        leaf => {
            let mut positive = Sql {
                text: String::new(),
                binds: std::mem::take(&mut sql.binds),
                sqlite: sql.sqlite,
            };
            comparison(&mut positive, alias, leaf)?;
            sql.binds = positive.binds;
            if negated {
                sql.push(&format!("NOT COALESCE({}, FALSE)", positive.text));
            } else {
                sql.push(&positive.text);
            }
            Ok(())
        }
    }
}

/// Writes one comparison (not negated).
fn comparison<F: Field>(sql: &mut Sql, alias: &str, leaf: &Filter<F>) -> Result<()> {
    if let Filter::Compare(field, ..)
    | Filter::In(field, _)
    | Filter::StartsWith(field, _)
    | Filter::Search(field, _)
    | Filter::Contains(field, _) = leaf
        && field.column().kind == Kind::Exists
    {
        return Err(unsupported(format!(
            "{field:?} is only compared with true or false"
        )));
    }
    match leaf {
        Filter::Compare(field, op, value) => {
            let column = field.column();
            let op = match op {
                Comparison::Eq => "=",
                Comparison::Lt => "<",
                Comparison::Le => "<=",
                Comparison::Gt => ">",
                Comparison::Ge => ">=",
                // `ne` was turned into a negated `eq` by the caller.
                Comparison::Ne => return Err(unsupported("ne reached a comparison".into())),
            };
            if column.kind != Kind::Int && column.kind != Kind::Folded && op != "=" {
                return Err(unsupported(format!("{field:?} has no order to compare in")));
            }
            let value = sql_value(sql, *field, value)?;
            sql.push(&format!("{alias}.{} {op} {value}", column.name));
            Ok(())
        }
        Filter::In(field, values) => {
            let column = field.column();
            if values.is_empty() {
                sql.push("1 = 0");
                return Ok(());
            }
            let mut placeholders = Vec::with_capacity(values.len());
            let mut null = false;
            for value in values {
                if *value == Literal::Null {
                    null = true;
                } else {
                    placeholders.push(sql_value(sql, *field, value)?);
                }
            }
            let mut parts = Vec::new();
            if !placeholders.is_empty() {
                parts.push(format!(
                    "{alias}.{} IN ({})",
                    column.name,
                    placeholders.join(", ")
                ));
            }
            if null {
                parts.push(format!("{alias}.{} IS NULL", column.name));
            }
            sql.push(&format!("({})", parts.join(" OR ")));
            Ok(())
        }
        Filter::StartsWith(field, prefix) => {
            let column = field.column();
            let (low, high) = prefix_range(sql, *field, prefix)?;
            sql.push(&format!(
                "({alias}.{name} >= {low} AND {alias}.{name} < {high})",
                name = column.name
            ));
            Ok(())
        }
        Filter::Search(field, prefix) => {
            let column = field.column();
            let (low, high) = prefix_range(sql, *field, prefix)?;
            let Some(words) = column.words else {
                // A value of one word (an address) is searched by its start.
                sql.push(&format!(
                    "({alias}.{name} >= {low} AND {alias}.{name} < {high})",
                    name = column.name
                ));
                return Ok(());
            };
            sql.push(&format!(
                "(({alias}.{name} >= {low} AND {alias}.{name} < {high}) OR \
                 ({alias}.{words} >= {low} AND {alias}.{words} < {high}))",
                name = column.name
            ));
            Ok(())
        }
        Filter::Contains(field, text) => substring(sql, alias, *field, text),
        other => Err(unsupported(format!("{other:?} is not a comparison"))),
    }
}

/// The fewest characters a [`Filter::Contains`] text has for its trigram index; a
/// shorter one is compared with each of the scope's rows (the portal searches such a
/// text by the starts of names and addresses instead, through their indexes).
pub const SUBSTRING_MIN_CHARS: usize = 3;

/// Writes "`field` contains `text`" (see [`Filter::Contains`]). On SQLite a `MATCH` of
/// the field's FTS5 table answers the rowids, the text a phrase of its trigrams (its
/// quotes doubled); on PostgreSQL it is `LIKE '%text%'` (`ILIKE` for a field not
/// stored case-folded), which the column's pg_trgm index serves, the text's `%`, `_`
/// and `\\` escaped. The text is bound, never written into the SQL.
fn substring<F: Field>(sql: &mut Sql, alias: &str, field: F, text: &str) -> Result<()> {
    let column = field.column();
    if !matches!(column.kind, Kind::Folded | Kind::Exact) {
        return Err(unsupported(format!("{field:?} is not searched by part")));
    }
    let value = match column.kind {
        Kind::Folded => text.to_lowercase(),
        _ => text.to_owned(),
    };
    // A field without a trigram index of its own is compared row by row: SCIM's
    // `userName co "x"` pairs it with the search text's `Contains`, whose index
    // finds the candidates.
    if let (Some(table), true) = (
        column.substring,
        sql.sqlite && text.chars().count() >= SUBSTRING_MIN_CHARS,
    ) {
        let phrase = sql.bind(Bind::Text(format!(
            "{{{}}} : \"{}\"",
            column.name,
            value.replace('"', "\"\"")
        )));
        sql.push(&format!(
            "{alias}.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH {phrase})"
        ));
    } else {
        // SQLite's LIKE ignores the case of ASCII letters.
        let op = if sql.sqlite || column.kind == Kind::Folded {
            "LIKE"
        } else {
            "ILIKE"
        };
        let pattern = sql.bind(Bind::Text(format!("%{}%", like_escaped(&value))));
        sql.push(&format!(
            "{alias}.{} {op} {pattern} ESCAPE '\\'",
            column.name
        ));
    }
    Ok(())
}

/// `text` with `LIKE`'s wildcards and its escape character (`\\`) escaped.
fn like_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Binds the bounds of the range of values starting with `prefix`, on a folded text
/// column: `[prefix, prefix + U+10FFFF)`, which both backends compare byte-wise
/// (SQLite's BINARY collation, PostgreSQL's "C" on these columns).
fn prefix_range<F: Field>(sql: &mut Sql, field: F, prefix: &str) -> Result<(String, String)> {
    if field.column().kind != Kind::Folded {
        return Err(unsupported(format!("{field:?} has no prefixes")));
    }
    let low = prefix.to_lowercase();
    let high = format!("{low}\u{10FFFF}");
    Ok((sql.bind(Bind::Text(low)), sql.bind(Bind::Text(high))))
}

/// Binds a literal as the column of `field` stores it.
fn sql_value<F: Field>(sql: &mut Sql, field: F, value: &Literal) -> Result<String> {
    let bind = match (field.column().kind, value) {
        (Kind::Id, Literal::Id(id)) => Bind::Text(id.to_string()),
        (Kind::Folded, Literal::Text(text)) => Bind::Text(text.to_lowercase()),
        (Kind::Exact, Literal::Text(text)) => Bind::Text(text.clone()),
        (Kind::Flag, Literal::Bool(flag)) => Bind::Int(i64::from(*flag)),
        (Kind::Int, Literal::Int(n)) => Bind::Int(*n),
        (_, other) => {
            return Err(unsupported(format!("{field:?} cannot hold {other:?}")));
        }
    };
    Ok(sql.bind(bind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum T {
        Id,
        Name,
        Mail,
        Kind,
        On,
        At,
    }

    impl Field for T {
        fn column(self) -> Column {
            let (name, kind, nullable, sortable, words) = match self {
                T::Id => ("id", Kind::Id, false, false, None),
                T::Name => ("name_lower", Kind::Folded, false, true, Some("name_rest")),
                T::Mail => ("mail_lower", Kind::Folded, true, false, None),
                T::Kind => ("kind", Kind::Exact, true, false, None),
                T::On => ("on_flag", Kind::Flag, false, false, None),
                T::At => ("at", Kind::Int, false, true, None),
            };
            Column {
                name,
                kind,
                nullable,
                sortable,
                ordered: sortable || self == T::Mail,
                words,
                substring: matches!(self, T::Name | T::Mail | T::Kind).then_some("things_search"),
                index: None,
            }
        }
    }

    fn source() -> Source<'static> {
        Source {
            from: "things t",
            alias: "t",
            id: "t.id",
            scope: "t.tenant_id = $1",
            scope_values: vec![Bind::Text("tenant".into())],
            columns: "t.id",
            single_table: true,
            sqlite: true,
        }
    }

    fn query(filter: Option<Filter<T>>, sort: Option<Sort<T>>, after: Option<Cursor>) -> Query<T> {
        Query {
            filter,
            sort,
            after,
            limit: 10,
        }
    }

    fn text(s: &str) -> Literal {
        Literal::Text(s.into())
    }

    #[test]
    fn values_are_bound_never_written_into_the_text() {
        let filter = Filter::Or(vec![
            Filter::eq(T::Mail, text("O'Brien@X.example")),
            Filter::In(T::Kind, vec![text("a'); DROP TABLE t; --"), text("b")]),
        ]);
        let sql = page_sql(&source(), &query(Some(filter), None, None)).unwrap();
        assert_eq!(
            sql.text,
            "SELECT t.id FROM things t WHERE t.tenant_id = $1 AND \
             (t.mail_lower = $2 OR (t.kind IN ($3, $4))) ORDER BY t.id LIMIT $5"
        );
        assert_eq!(
            sql.binds,
            vec![
                Bind::Text("tenant".into()),
                Bind::Text("o'brien@x.example".into()),
                Bind::Text("a'); DROP TABLE t; --".into()),
                Bind::Text("b".into()),
                Bind::Int(11),
            ]
        );
    }

    #[test]
    fn negations_reach_the_comparisons_and_keep_odata_null_semantics() {
        let filter = Filter::Not(Box::new(Filter::And(vec![
            Filter::eq(T::On, Literal::Bool(true)),
            Filter::Compare(T::Mail, Comparison::Ne, text("x")),
            Filter::eq(T::Mail, Literal::Null),
        ])));
        let sql = count_sql(&source(), Some(&filter)).unwrap();
        assert_eq!(
            sql.text,
            "SELECT COUNT(*) AS n FROM things t WHERE t.tenant_id = $1 AND \
             (t.on_flag = $2 OR t.mail_lower = $3 OR t.mail_lower IS NOT NULL)"
        );
        // not(on eq true) is on eq false: the flag's index still serves it.
        assert_eq!(sql.binds[1], Bind::Int(0));
        let not_kind = Filter::Not(Box::new(Filter::eq(T::Kind, text("a"))));
        let sql = count_sql(&source(), Some(&not_kind)).unwrap();
        assert!(
            sql.text.ends_with("AND NOT COALESCE(t.kind = $2, FALSE)"),
            "{}",
            sql.text
        );
    }

    #[test]
    fn prefixes_and_searches_are_index_ranges() {
        let filter = Filter::And(vec![
            Filter::starts_with(T::Name, "Al"),
            Filter::Search(T::Name, "Sm".into()),
        ]);
        let sql = page_sql(&source(), &query(Some(filter), None, None)).unwrap();
        assert!(
            sql.text
                .contains("(t.name_lower >= $2 AND t.name_lower < $3)"),
            "{}",
            sql.text
        );
        assert!(
            sql.text.contains(
                "((t.name_lower >= $4 AND t.name_lower < $5) OR (t.name_rest >= $4 AND t.name_rest < $5))"
            ),
            "{}",
            sql.text
        );
        assert_eq!(sql.binds[2], Bind::Text("al\u{10FFFF}".into()));
        // A top-level prefix on a sortable field orders by it: one index range per page.
        assert!(
            sql.text
                .starts_with("SELECT t.id, t.name_lower AS sort_key FROM"),
            "{}",
            sql.text
        );
        assert!(sql.text.ends_with("ORDER BY t.name_lower, t.id LIMIT $6"));
    }

    #[test]
    fn a_substring_is_a_trigram_look_up_on_sqlite_and_like_on_postgres() {
        let name = Filter::Contains(T::Name, "O\"Bri%".into());
        let sql = count_sql(&source(), Some(&name)).unwrap();
        assert!(
            sql.text.ends_with(
                "AND t.rowid IN (SELECT rowid FROM things_search WHERE things_search MATCH $2)"
            ),
            "{}",
            sql.text
        );
        assert_eq!(
            sql.binds[1],
            Bind::Text("{name_lower} : \"o\"\"bri%\"".into())
        );
        let sql = count_sql(&source().on(false), Some(&name)).unwrap();
        assert!(
            sql.text.ends_with("AND t.name_lower LIKE $2 ESCAPE '\\'"),
            "{}",
            sql.text
        );
        assert_eq!(sql.binds[1], Bind::Text("%o\"bri\\%%".into()));
        // Text stored as typed is compared case-insensitively.
        let kind = Filter::Contains(T::Kind, "A_c".into());
        let sql = count_sql(&source().on(false), Some(&kind)).unwrap();
        assert!(
            sql.text.ends_with("AND t.kind ILIKE $2 ESCAPE '\\'"),
            "{}",
            sql.text
        );
        assert_eq!(sql.binds[1], Bind::Text("%A\\_c%".into()));
        // Negated, it keeps OData's null semantics.
        let not = Filter::Not(Box::new(Filter::Contains(T::Mail, "abc".into())));
        let sql = count_sql(&source(), Some(&not)).unwrap();
        assert!(
            sql.text.contains("NOT COALESCE(t.rowid IN ("),
            "{}",
            sql.text
        );
    }

    #[test]
    fn a_text_too_short_for_trigrams_is_compared_with_each_row() {
        let short = Filter::Contains(T::Name, "Ab".into());
        let sql = count_sql(&source(), Some(&short)).unwrap();
        assert!(
            sql.text.ends_with("AND t.name_lower LIKE $2 ESCAPE '\\'"),
            "{}",
            sql.text
        );
        assert_eq!(sql.binds[1], Bind::Text("%ab%".into()));
        assert!(count_sql(&source(), Some(&Filter::Contains(T::On, "abc".into()))).is_err());
        assert!(count_sql(&source(), Some(&Filter::Contains(T::At, "abc".into()))).is_err());
    }

    #[test]
    fn sorted_pages_continue_after_the_key_and_id_of_the_last_row() {
        let id = Uuid::nil();
        let after: Cursor = format!("n1700000000.{id}").parse().unwrap();
        let sort = Sort {
            field: T::At,
            direction: Direction::Descending,
        };
        let sql = page_sql(&source(), &query(None, Some(sort), Some(after))).unwrap();
        assert!(
            sql.text
                .ends_with("AND (t.at, t.id) < ($3, $2) ORDER BY t.at DESC, t.id DESC LIMIT $4"),
            "{}",
            sql.text
        );
        assert_eq!(sql.binds[2], Bind::Int(1_700_000_000));
    }

    #[test]
    fn a_page_read_through_its_filter_sorts_expressions_no_index_serves() {
        let after: Cursor = format!("t61.{}", Uuid::nil()).parse().unwrap();
        let query = query(
            Some(Filter::eq(T::On, Literal::Bool(false))),
            Some(Sort {
                field: T::Name,
                direction: Direction::Ascending,
            }),
            Some(after),
        );
        let sql = page_sql_driven(&source(), &query, Drive::Matches { indexed_by: false }).unwrap();
        assert!(
            sql.text.ends_with(
                "AND ((t.name_lower || ''), (t.id || '')) > ($4, $3) \
                 ORDER BY (t.name_lower || ''), (t.id || '') LIMIT $5"
            ),
            "{}",
            sql.text
        );
        assert!(
            sql.text.contains("t.name_lower AS sort_key"),
            "{}",
            sql.text
        );
    }

    #[test]
    fn cursors_round_trip_and_refuse_what_they_are_not() {
        let id = Uuid::now_v7();
        for cursor in [
            Cursor { key: Key::Id, id },
            Cursor {
                key: Key::Text("zoë o'brien.x".into()),
                id,
            },
            Cursor {
                key: Key::Int(-5),
                id,
            },
        ] {
            let text = cursor.to_string();
            assert_eq!(text.parse::<Cursor>(), Ok(cursor), "{text}");
        }
        assert_eq!(id.to_string().parse::<Cursor>().unwrap().id, id);
        for bad in [
            "garbage",
            "t6.x",
            "tzz.00000000-0000-0000-0000-000000000000",
            "x1.y",
            "",
        ] {
            assert_eq!(bad.parse::<Cursor>(), Err(BadCursor), "{bad}");
        }
        let by_name: Order<T> = Order::By(Sort {
            field: T::Name,
            direction: Direction::Ascending,
        });
        let text_cursor: Cursor = format!("t61.{id}").parse().unwrap();
        assert!(text_cursor.fits(&by_name));
        assert!(!text_cursor.fits(&Order::<T>::Id));
        assert!(!Cursor { key: Key::Id, id }.fits(&by_name));
    }

    #[test]
    fn operations_a_field_cannot_do_are_refused() {
        for filter in [
            Filter::starts_with(T::On, "x"),
            Filter::starts_with(T::Id, "x"),
            Filter::Search(T::Kind, "x".into()),
            Filter::Compare(T::Kind, Comparison::Gt, text("x")),
            Filter::eq(T::At, text("x")),
        ] {
            assert!(count_sql(&source(), Some(&filter)).is_err(), "{filter:?}");
        }
        let sort = Sort {
            field: T::Mail,
            direction: Direction::Ascending,
        };
        assert!(page_sql(&source(), &query(None, Some(sort), None)).is_err());
    }
}
