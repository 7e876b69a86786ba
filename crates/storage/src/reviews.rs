//! Access reviews (migration 33; decision 0016): definitions, their instances, one
//! decision per person reviewed and who may decide it. The schedule's steps (an
//! instance's start, its reminder, end and apply) are taken by compare-and-set on
//! the due time read, so of several nodes (or a retry) one takes each.

use entente_model::reviews::{
    Decision, DefaultDecision, InstanceStatus, Recommendation, ReviewDecision, ReviewDecisionId,
    ReviewDefinition, ReviewId, ReviewInstance, ReviewInstanceId, ReviewScope, ReviewStatus,
};
use entente_model::{TenantId, UnixTime, UserId};
use sqlx::any::AnyRow;

use crate::cross_tenant::placeholders;
use crate::invitations::{BULK_CHUNK, Inserts, values_list};
use crate::query::{Bind, Column, Field, Kind, Listed, Query, Source, count_sql};
use crate::rows::{int, json, named, opt_int, opt_parsed, opt_text, parsed, text, to_json};
use crate::{Db, Result, StoreError};

/// The fields of a definition a collection query may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewField {
    Id,
    /// `NotStarted`, `InProgress` or `Completed`.
    Status,
}

/// The fields of an instance a collection query may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceField {
    Id,
    Status,
}

/// The fields of a decision a collection query may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecisionField {
    Id,
    /// `NotReviewed`, `Approve`, `Deny` or `DontKnow`.
    Decision,
    Recommendation,
    /// The person reviewed.
    PrincipalId,
}

const fn plain(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: false,
        sortable: false,
        ordered: false,
        words: None,
        substring: None,
        index: None,
    }
}

impl Field for ReviewField {
    fn column(self) -> Column {
        match self {
            ReviewField::Id => plain("id", Kind::Id),
            ReviewField::Status => plain("status", Kind::Exact),
        }
    }
}

impl Field for InstanceField {
    fn column(self) -> Column {
        match self {
            InstanceField::Id => plain("id", Kind::Id),
            InstanceField::Status => plain("status", Kind::Exact),
        }
    }
}

impl Field for DecisionField {
    fn column(self) -> Column {
        match self {
            DecisionField::Id => plain("id", Kind::Id),
            DecisionField::Decision => plain("decision", Kind::Exact),
            DecisionField::Recommendation => plain("recommendation", Kind::Exact),
            DecisionField::PrincipalId => plain("principal_id", Kind::Id),
        }
    }
}

/// Whose decisions a listing reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecisionScope {
    /// Every decision of the instance.
    Instance(ReviewInstanceId),
    /// Those of the instance a reviewer may decide.
    Reviewer(ReviewInstanceId, UserId),
}

/// A step an instance owes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceStep {
    /// Remind the reviewers with decisions still open.
    Remind,
    /// End the instance: no more decisions; the default decision for the rest.
    End,
    /// Apply the denials.
    Apply,
}

impl InstanceStep {
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceStep::Remind => "remind",
            InstanceStep::End => "end",
            InstanceStep::Apply => "apply",
        }
    }

    pub fn parse(text: &str) -> Option<InstanceStep> {
        match text {
            "remind" => Some(InstanceStep::Remind),
            "end" => Some(InstanceStep::End),
            "apply" => Some(InstanceStep::Apply),
            _ => None,
        }
    }
}

/// A definition whose next instance is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueStart {
    pub tenant_id: TenantId,
    pub review_id: ReviewId,
    pub due_at: UnixTime,
}

/// An instance step whose time has come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueInstanceStep {
    pub tenant_id: TenantId,
    pub instance_id: ReviewInstanceId,
    pub step: InstanceStep,
    pub due_at: UnixTime,
}

/// A person in a review's scope, as the instance's decision records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopedPerson {
    pub id: UserId,
    pub display_name: String,
    pub user_principal_name: String,
    /// The later of its last interactive and non-interactive sign-in.
    pub last_activity: Option<UnixTime>,
    /// When it was created (a person created within the look-back is not denied).
    pub created_at: UnixTime,
}

/// A reviewer of an instance, with how many of its decisions are still open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewerLoad {
    pub reviewer_id: UserId,
    pub mail: Option<String>,
    pub language: Option<String>,
    pub open: i64,
    pub total: i64,
}

/// An open instance a reviewer has decisions in (My Apps' "reviews").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewerInstance {
    pub instance: ReviewInstance,
    pub review_name: String,
    pub open: i64,
    pub total: i64,
}

/// How many decisions of an instance stand where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecisionCounts {
    pub not_reviewed: i64,
    pub approved: i64,
    pub denied: i64,
    pub dont_know: i64,
    pub applied: i64,
}

impl DecisionCounts {
    pub fn total(&self) -> i64 {
        self.not_reviewed + self.approved + self.denied + self.dont_know
    }
}

const REVIEW_COLUMNS: &str = "r.tenant_id, r.id, r.spec, r.status, r.next_start_at, \
    r.occurrences, r.created_by, r.created_at, r.updated_at";

const INSTANCE_COLUMNS: &str = "i.tenant_id, i.id, i.review_id, i.start_at, i.end_at, i.status";

const DECISION_COLUMNS: &str = "d.id, d.instance_id, d.principal_id, d.principal_name, \
    d.principal_upn, d.resource_id, d.resource_name, d.recommendation, d.last_sign_in_at, \
    d.decision, d.justification, d.reviewed_by, d.reviewed_by_name, d.reviewed_at, \
    d.applied_at, d.apply_result";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_owned())
}

fn review_row(row: &AnyRow) -> Result<ReviewDefinition> {
    Ok(ReviewDefinition {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        spec: json(row, "spec")?,
        status: named(row, "status", ReviewStatus::parse)?,
        next_start_at: opt_int(row, "next_start_at")?,
        occurrences: u32::try_from(int(row, "occurrences")?).map_err(|_| corrupt("occurrences"))?,
        created_by: opt_parsed(row, "created_by")?,
        created_at: int(row, "created_at")?,
        updated_at: int(row, "updated_at")?,
    })
}

fn instance_row(row: &AnyRow) -> Result<ReviewInstance> {
    Ok(ReviewInstance {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        review_id: parsed(row, "review_id")?,
        start_at: int(row, "start_at")?,
        end_at: int(row, "end_at")?,
        status: named(row, "status", InstanceStatus::parse)?,
    })
}

fn decision_row(row: &AnyRow) -> Result<ReviewDecision> {
    Ok(ReviewDecision {
        id: parsed(row, "id")?,
        instance_id: parsed(row, "instance_id")?,
        principal_id: parsed(row, "principal_id")?,
        principal_name: text(row, "principal_name")?,
        principal_upn: text(row, "principal_upn")?,
        resource_id: opt_parsed(row, "resource_id")?,
        resource_name: opt_text(row, "resource_name")?,
        recommendation: named(row, "recommendation", Recommendation::parse)?,
        last_sign_in_at: opt_int(row, "last_sign_in_at")?,
        decision: named(row, "decision", Decision::parse)?,
        justification: opt_text(row, "justification")?,
        reviewed_by: opt_parsed(row, "reviewed_by")?,
        reviewed_by_name: opt_text(row, "reviewed_by_name")?,
        reviewed_at: opt_int(row, "reviewed_at")?,
        applied_at: opt_int(row, "applied_at")?,
        apply_result: opt_text(row, "apply_result")?,
    })
}

fn review_source(tenant: TenantId) -> Source<'static> {
    Source {
        from: "access_reviews r",
        alias: "r",
        id: "r.id",
        scope: "r.tenant_id = $1",
        scope_values: vec![Bind::Text(tenant.to_string())],
        columns: REVIEW_COLUMNS,
        single_table: true,
        sqlite: true,
    }
}

fn instance_source(tenant: TenantId, review: ReviewId) -> Source<'static> {
    Source {
        from: "access_review_instances i",
        alias: "i",
        id: "i.id",
        scope: "i.tenant_id = $1 AND i.review_id = $2",
        scope_values: vec![
            Bind::Text(tenant.to_string()),
            Bind::Text(review.to_string()),
        ],
        columns: INSTANCE_COLUMNS,
        single_table: true,
        sqlite: true,
    }
}

fn decision_source(tenant: TenantId, scope: DecisionScope) -> Source<'static> {
    let tenant = Bind::Text(tenant.to_string());
    match scope {
        DecisionScope::Instance(instance) => Source {
            from: "access_review_decisions d",
            alias: "d",
            id: "d.id",
            scope: "d.tenant_id = $1 AND d.instance_id = $2",
            scope_values: vec![tenant, Bind::Text(instance.to_string())],
            columns: DECISION_COLUMNS,
            single_table: true,
            sqlite: true,
        },
        // The reviewer's own rows, in decision order by the primary key, each
        // decision read by its key; `CROSS JOIN` keeps SQLite from starting at the
        // decisions.
        DecisionScope::Reviewer(instance, reviewer) => Source {
            from: "access_review_reviewers v CROSS JOIN access_review_decisions d",
            alias: "d",
            id: "v.decision_id",
            scope: "v.tenant_id = $1 AND v.instance_id = $2 AND v.reviewer_id = $3 \
                    AND d.tenant_id = $1 AND d.instance_id = $2 AND d.id = v.decision_id",
            scope_values: vec![
                tenant,
                Bind::Text(instance.to_string()),
                Bind::Text(reviewer.to_string()),
            ],
            columns: DECISION_COLUMNS,
            single_table: false,
            sqlite: true,
        },
    }
}

/// A decision to write when an instance starts.
#[derive(Clone, Debug)]
pub struct NewDecision<'a> {
    pub id: ReviewDecisionId,
    pub person: &'a ScopedPerson,
    pub resource: Option<(uuid::Uuid, &'a str)>,
    pub recommendation: Recommendation,
}

impl Inserts {
    /// The decisions of a starting instance, all `NotReviewed`.
    pub fn review_decisions(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        decisions: &[NewDecision<'_>],
    ) {
        let tenant = tenant.to_string();
        let instance = instance.to_string();
        for chunk in decisions.chunks(BULK_CHUNK) {
            let sql = format!(
                "INSERT INTO access_review_decisions (tenant_id, instance_id, id, principal_id, \
                 principal_name, principal_upn, resource_id, resource_name, recommendation, \
                 last_sign_in_at, decision) VALUES {}",
                values_list(self.sqlite, chunk.len(), 11)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for d in chunk {
                query = query
                    .bind(tenant.as_str())
                    .bind(instance.as_str())
                    .bind(d.id.to_string())
                    .bind(d.person.id.to_string())
                    .bind(d.person.display_name.as_str())
                    .bind(d.person.user_principal_name.as_str())
                    .bind(d.resource.map(|(id, _)| id.to_string()))
                    .bind(d.resource.map(|(_, name)| name.to_owned()))
                    .bind(d.recommendation.as_str())
                    .bind(d.person.last_activity)
                    .bind(Decision::NotReviewed.as_str());
            }
            self.statements.push((query, None));
        }
    }

    /// Who may decide which decision of a starting instance.
    pub fn review_reviewers(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        pairs: &[(UserId, ReviewDecisionId)],
    ) {
        let tenant = tenant.to_string();
        let instance = instance.to_string();
        for chunk in pairs.chunks(BULK_CHUNK) {
            let sql = format!(
                "INSERT INTO access_review_reviewers (tenant_id, instance_id, reviewer_id, \
                 decision_id) VALUES {} ON CONFLICT DO NOTHING",
                values_list(self.sqlite, chunk.len(), 4)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (reviewer, decision) in chunk {
                query = query
                    .bind(tenant.as_str())
                    .bind(instance.as_str())
                    .bind(reviewer.to_string())
                    .bind(decision.to_string());
            }
            self.statements.push((query, None));
        }
    }
}

/// The query of [`Db::due_review_starts`]: the partial index `access_reviews_due`.
pub(crate) const DUE_REVIEW_STARTS: &str = "SELECT tenant_id, id, next_start_at FROM access_reviews \
     WHERE next_start_at IS NOT NULL AND next_start_at <= $1 ORDER BY next_start_at LIMIT $2";

/// The query of [`Db::due_instance_steps`]: the partial index
/// `access_review_instances_due`.
pub(crate) const DUE_INSTANCE_STEPS: &str = "SELECT tenant_id, id, step, step_due_at \
     FROM access_review_instances WHERE step_due_at IS NOT NULL AND step_due_at <= $1 \
     ORDER BY step_due_at LIMIT $2";

impl Db<'_> {
    pub async fn insert_review(&mut self, review: &ReviewDefinition) -> Result<()> {
        sqlx::query(
            "INSERT INTO access_reviews (tenant_id, id, display_name, spec, status, next_start_at, \
             occurrences, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(review.tenant_id.to_string())
        .bind(review.id.to_string())
        .bind(review.spec.display_name.as_str())
        .bind(to_json(&review.spec))
        .bind(review.status.as_str())
        .bind(review.next_start_at)
        .bind(i64::from(review.occurrences))
        .bind(review.created_by.map(|u| u.to_string()))
        .bind(review.created_at)
        .bind(review.updated_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    pub async fn review(
        &mut self,
        tenant: TenantId,
        id: ReviewId,
    ) -> Result<Option<ReviewDefinition>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REVIEW_COLUMNS} FROM access_reviews r WHERE r.tenant_id = $1 AND r.id = $2"
        )))
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?;
        row.as_ref().map(review_row).transpose()
    }

    /// Replaces a definition's spec and schedule; false when there is no such one.
    pub async fn update_review(&mut self, review: &ReviewDefinition) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE access_reviews SET display_name = $3, spec = $4, status = $5, \
             next_start_at = $6, updated_at = $7 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(review.tenant_id.to_string())
        .bind(review.id.to_string())
        .bind(review.spec.display_name.as_str())
        .bind(to_json(&review.spec))
        .bind(review.status.as_str())
        .bind(review.next_start_at)
        .bind(review.updated_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes a definition with its instances, decisions and reviewers.
    pub async fn delete_review(&mut self, tenant: TenantId, id: ReviewId) -> Result<bool> {
        let tenant = tenant.to_string();
        let id = id.to_string();
        for table in ["access_review_reviewers", "access_review_decisions"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE tenant_id = $1 AND instance_id IN \
                 (SELECT id FROM access_review_instances WHERE tenant_id = $1 AND review_id = $2)"
            )))
            .bind(tenant.as_str())
            .bind(id.as_str())
            .execute(&mut *self.conn)
            .await?;
        }
        sqlx::query("DELETE FROM access_review_instances WHERE tenant_id = $1 AND review_id = $2")
            .bind(tenant.as_str())
            .bind(id.as_str())
            .execute(&mut *self.conn)
            .await?;
        let done = sqlx::query("DELETE FROM access_reviews WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.as_str())
            .bind(id.as_str())
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// One page of the tenant's definitions matching a query.
    pub async fn list_reviews(
        &mut self,
        tenant: TenantId,
        query: &Query<ReviewField>,
    ) -> Result<Listed<ReviewDefinition>> {
        let source = review_source(tenant).on(self.sqlite());
        self.page(&source, query, review_row, |r| r.id.0).await
    }

    pub async fn count_reviews(
        &mut self,
        tenant: TenantId,
        query: &Query<ReviewField>,
    ) -> Result<i64> {
        let sql = count_sql(
            &review_source(tenant).on(self.sqlite()),
            query.filter.as_ref(),
        )?;
        self.count(&sql).await
    }

    /// Up to `limit` definitions whose next instance is due at `now`.
    pub async fn due_review_starts(&mut self, now: UnixTime, limit: i64) -> Result<Vec<DueStart>> {
        let rows = sqlx::query(DUE_REVIEW_STARTS)
            .bind(now)
            .bind(limit)
            .fetch_all(&mut *self.conn)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(DueStart {
                    tenant_id: parsed(row, "tenant_id")?,
                    review_id: parsed(row, "id")?,
                    due_at: int(row, "next_start_at")?,
                })
            })
            .collect()
    }

    /// Takes the start `seen` (read as due): one more occurrence, `next` the start
    /// after it; false when another node took it, or the schedule changed.
    pub async fn take_review_start(
        &mut self,
        seen: &DueStart,
        next: Option<UnixTime>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE access_reviews SET next_start_at = $4, occurrences = occurrences + 1, \
             status = 'InProgress' WHERE tenant_id = $1 AND id = $2 AND next_start_at = $3",
        )
        .bind(seen.tenant_id.to_string())
        .bind(seen.review_id.to_string())
        .bind(seen.due_at)
        .bind(next)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks a definition completed when no instance will start again and none is
    /// in progress.
    pub async fn complete_review_if_done(&mut self, tenant: TenantId, id: ReviewId) -> Result<()> {
        sqlx::query(
            "UPDATE access_reviews SET status = 'Completed' WHERE tenant_id = $1 AND id = $2 \
             AND next_start_at IS NULL AND NOT EXISTS (SELECT 1 FROM access_review_instances i \
             WHERE i.tenant_id = $1 AND i.review_id = $2 AND i.status = 'InProgress')",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    pub async fn insert_review_instance(
        &mut self,
        instance: &ReviewInstance,
        next: Option<(InstanceStep, UnixTime)>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO access_review_instances (tenant_id, id, review_id, start_at, end_at, \
             status, step, step_due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(instance.tenant_id.to_string())
        .bind(instance.id.to_string())
        .bind(instance.review_id.to_string())
        .bind(instance.start_at)
        .bind(instance.end_at)
        .bind(instance.status.as_str())
        .bind(next.map(|(s, _)| s.as_str()))
        .bind(next.map(|(_, at)| at))
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// An instance with its next step.
    pub async fn review_instance(
        &mut self,
        tenant: TenantId,
        id: ReviewInstanceId,
    ) -> Result<Option<(ReviewInstance, Option<(InstanceStep, UnixTime)>)>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {INSTANCE_COLUMNS}, i.step, i.step_due_at FROM access_review_instances i \
             WHERE i.tenant_id = $1 AND i.id = $2"
        )))
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let step = opt_text(&row, "step")?.and_then(|s| InstanceStep::parse(&s));
        let due = opt_int(&row, "step_due_at")?;
        Ok(Some((instance_row(&row)?, step.zip(due))))
    }

    /// One page of a definition's instances matching a query.
    pub async fn list_review_instances(
        &mut self,
        tenant: TenantId,
        review: ReviewId,
        query: &Query<InstanceField>,
    ) -> Result<Listed<ReviewInstance>> {
        let source = instance_source(tenant, review).on(self.sqlite());
        self.page(&source, query, instance_row, |i| i.id.0).await
    }

    pub async fn count_review_instances(
        &mut self,
        tenant: TenantId,
        review: ReviewId,
        query: &Query<InstanceField>,
    ) -> Result<i64> {
        let sql = count_sql(
            &instance_source(tenant, review).on(self.sqlite()),
            query.filter.as_ref(),
        )?;
        self.count(&sql).await
    }

    /// Up to `limit` instance steps due at `now`.
    pub async fn due_instance_steps(
        &mut self,
        now: UnixTime,
        limit: i64,
    ) -> Result<Vec<DueInstanceStep>> {
        let rows = sqlx::query(DUE_INSTANCE_STEPS)
            .bind(now)
            .bind(limit)
            .fetch_all(&mut *self.conn)
            .await?;
        let mut due = Vec::with_capacity(rows.len());
        for row in &rows {
            let step = text(row, "step")?;
            due.push(DueInstanceStep {
                tenant_id: parsed(row, "tenant_id")?,
                instance_id: parsed(row, "id")?,
                step: InstanceStep::parse(&step).ok_or_else(|| corrupt("instance step"))?,
                due_at: int(row, "step_due_at")?,
            });
        }
        Ok(due)
    }

    /// Takes `seen` and owes `next` instead, with the instance's new status; false
    /// when another node (or an administrator's stop) took it since it was read.
    pub async fn take_instance_step(
        &mut self,
        seen: &DueInstanceStep,
        next: Option<(InstanceStep, UnixTime)>,
        status: InstanceStatus,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE access_review_instances SET step = $5, step_due_at = $6, status = $7 \
             WHERE tenant_id = $1 AND id = $2 AND step = $3 AND step_due_at = $4",
        )
        .bind(seen.tenant_id.to_string())
        .bind(seen.instance_id.to_string())
        .bind(seen.step.as_str())
        .bind(seen.due_at)
        .bind(next.map(|(s, _)| s.as_str()))
        .bind(next.map(|(_, at)| at))
        .bind(status.as_str())
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Moves an instance's end to `at` (an administrator's stop) when it is in
    /// progress; false otherwise.
    pub async fn end_instance_at(
        &mut self,
        tenant: TenantId,
        id: ReviewInstanceId,
        at: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE access_review_instances SET step = 'end', step_due_at = $3, end_at = $3 \
             WHERE tenant_id = $1 AND id = $2 AND status = 'InProgress'",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(at)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Owes the apply step at `at` for a completed instance not applied yet; false
    /// otherwise.
    pub async fn apply_instance_at(
        &mut self,
        tenant: TenantId,
        id: ReviewInstanceId,
        at: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE access_review_instances SET step = 'apply', step_due_at = $3, \
             status = 'Applying' WHERE tenant_id = $1 AND id = $2 AND status = 'Completed' \
             AND step IS NULL",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(at)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// One page of an instance's decisions (all, or a reviewer's) matching a query.
    pub async fn list_review_decisions(
        &mut self,
        tenant: TenantId,
        scope: DecisionScope,
        query: &Query<DecisionField>,
    ) -> Result<Listed<ReviewDecision>> {
        let source = decision_source(tenant, scope).on(self.sqlite());
        self.page(&source, query, decision_row, |d| d.id.0).await
    }

    pub async fn count_review_decisions(
        &mut self,
        tenant: TenantId,
        scope: DecisionScope,
        query: &Query<DecisionField>,
    ) -> Result<i64> {
        let sql = count_sql(
            &decision_source(tenant, scope).on(self.sqlite()),
            query.filter.as_ref(),
        )?;
        self.count(&sql).await
    }

    pub async fn review_decision(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        id: ReviewDecisionId,
    ) -> Result<Option<ReviewDecision>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS} FROM access_review_decisions d \
             WHERE d.tenant_id = $1 AND d.instance_id = $2 AND d.id = $3"
        )))
        .bind(tenant.to_string())
        .bind(instance.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?;
        row.as_ref().map(decision_row).transpose()
    }

    /// Whether `reviewer` may decide `decision` of the instance.
    pub async fn is_reviewer_of(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        reviewer: UserId,
        decision: ReviewDecisionId,
    ) -> Result<bool> {
        let row = sqlx::query(
            "SELECT 1 AS x FROM access_review_reviewers WHERE tenant_id = $1 AND instance_id = $2 \
             AND reviewer_id = $3 AND decision_id = $4",
        )
        .bind(tenant.to_string())
        .bind(instance.to_string())
        .bind(reviewer.to_string())
        .bind(decision.to_string())
        .fetch_optional(&mut *self.conn)
        .await?;
        Ok(row.is_some())
    }

    /// Records a decision while its instance is in progress (one statement, so a
    /// decision never lands on an instance that ended); false otherwise.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_review_decision(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        id: ReviewDecisionId,
        decision: Decision,
        justification: Option<&str>,
        by: Option<(UserId, &str)>,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE access_review_decisions SET decision = $4, justification = $5, \
             reviewed_by = $6, reviewed_by_name = $7, reviewed_at = $8 \
             WHERE tenant_id = $1 AND instance_id = $2 AND id = $3 AND EXISTS \
             (SELECT 1 FROM access_review_instances i WHERE i.tenant_id = $1 AND i.id = $2 \
              AND i.status = 'InProgress')",
        )
        .bind(tenant.to_string())
        .bind(instance.to_string())
        .bind(id.to_string())
        .bind(decision.as_str())
        .bind(justification)
        .bind(by.map(|(u, _)| u.to_string()))
        .bind(by.map(|(_, name)| name.to_owned()))
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A reviewer accepts the recommendation of each decision of its own still
    /// open (while the instance is in progress); answers how many.
    pub async fn accept_review_recommendations(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        reviewer: (UserId, &str),
        now: UnixTime,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE access_review_decisions SET decision = recommendation, \
             reviewed_by = $3, reviewed_by_name = $4, reviewed_at = $5 \
             WHERE tenant_id = $1 AND instance_id = $2 AND decision = 'NotReviewed' \
             AND recommendation IN ('Approve', 'Deny') \
             AND id IN (SELECT v.decision_id FROM access_review_reviewers v \
                 WHERE v.tenant_id = $1 AND v.instance_id = $2 AND v.reviewer_id = $3) \
             AND EXISTS (SELECT 1 FROM access_review_instances i WHERE i.tenant_id = $1 \
                 AND i.id = $2 AND i.status = 'InProgress')",
        )
        .bind(tenant.to_string())
        .bind(instance.to_string())
        .bind(reviewer.0.to_string())
        .bind(reviewer.1)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected())
    }

    /// At the end: what each unanswered decision becomes (nothing for `None`, and
    /// nothing where the default is the recommendation and there is none); answers
    /// how many changed.
    pub async fn apply_default_decisions(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        default: DefaultDecision,
        now: UnixTime,
    ) -> Result<u64> {
        let value = match default {
            DefaultDecision::None => return Ok(0),
            DefaultDecision::Approve => "'Approve'",
            DefaultDecision::Deny => "'Deny'",
            DefaultDecision::Recommendation => "recommendation",
        };
        let done = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE access_review_decisions SET decision = {value}, reviewed_at = $3 \
             WHERE tenant_id = $1 AND instance_id = $2 AND decision = 'NotReviewed' \
             AND {value} IN ('Approve', 'Deny')"
        )))
        .bind(tenant.to_string())
        .bind(instance.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected())
    }

    /// How many decisions of an instance stand where (a reviewer's own, with
    /// `reviewer`).
    pub async fn review_decision_counts(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        reviewer: Option<UserId>,
    ) -> Result<DecisionCounts> {
        let sql = match reviewer {
            None => {
                "SELECT d.decision, COUNT(*) AS n, COUNT(d.applied_at) AS applied \
                     FROM access_review_decisions d WHERE d.tenant_id = $1 \
                     AND d.instance_id = $2 GROUP BY d.decision"
            }
            Some(_) => {
                "SELECT d.decision, COUNT(*) AS n, COUNT(d.applied_at) AS applied \
                     FROM access_review_reviewers v CROSS JOIN access_review_decisions d \
                     WHERE v.tenant_id = $1 AND v.instance_id = $2 AND v.reviewer_id = $3 \
                     AND d.tenant_id = $1 AND d.instance_id = $2 AND d.id = v.decision_id \
                     GROUP BY d.decision"
            }
        };
        let mut query = sqlx::query(sql)
            .bind(tenant.to_string())
            .bind(instance.to_string());
        if let Some(reviewer) = reviewer {
            query = query.bind(reviewer.to_string());
        }
        let rows = query.fetch_all(&mut *self.conn).await?;
        let mut counts = DecisionCounts::default();
        for row in &rows {
            let n = int(row, "n")?;
            counts.applied += int(row, "applied")?;
            match Decision::parse(&text(row, "decision")?) {
                Some(Decision::NotReviewed) => counts.not_reviewed += n,
                Some(Decision::Approve) => counts.approved += n,
                Some(Decision::Deny) => counts.denied += n,
                Some(Decision::DontKnow) => counts.dont_know += n,
                None => return Err(corrupt("decision")),
            }
        }
        Ok(counts)
    }

    /// Up to `limit` denials of an instance not applied yet.
    pub async fn unapplied_denials(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        limit: i64,
    ) -> Result<Vec<ReviewDecision>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS} FROM access_review_decisions d WHERE d.tenant_id = $1 \
             AND d.instance_id = $2 AND d.decision = 'Deny' AND d.applied_at IS NULL \
             ORDER BY d.id LIMIT $3"
        )))
        .bind(tenant.to_string())
        .bind(instance.to_string())
        .bind(limit)
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(decision_row).collect()
    }

    /// Marks one decision applied unless it already is; false then (another node
    /// applied it).
    pub async fn mark_decision_applied(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        id: ReviewDecisionId,
        result: &str,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE access_review_decisions SET applied_at = $4, apply_result = $5 \
             WHERE tenant_id = $1 AND instance_id = $2 AND id = $3 AND applied_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(instance.to_string())
        .bind(id.to_string())
        .bind(now)
        .bind(result)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Sets what applying a claimed decision found.
    pub async fn set_decision_apply_result(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        id: ReviewDecisionId,
        result: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE access_review_decisions SET apply_result = $4 \
             WHERE tenant_id = $1 AND instance_id = $2 AND id = $3",
        )
        .bind(tenant.to_string())
        .bind(instance.to_string())
        .bind(id.to_string())
        .bind(result)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// The instances of a definition in progress.
    pub async fn instances_in_progress(
        &mut self,
        tenant: TenantId,
        review: ReviewId,
    ) -> Result<Vec<ReviewInstanceId>> {
        let rows = sqlx::query(
            "SELECT id FROM access_review_instances WHERE tenant_id = $1 AND review_id = $2 \
             AND status = 'InProgress' ORDER BY id",
        )
        .bind(tenant.to_string())
        .bind(review.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(|row| parsed(row, "id")).collect()
    }

    /// Marks the approvals of an instance applied (they keep what they had).
    pub async fn mark_approvals_applied(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
        now: UnixTime,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE access_review_decisions SET applied_at = $3, apply_result = 'AppliedSuccessfully' \
             WHERE tenant_id = $1 AND instance_id = $2 AND decision = 'Approve' AND applied_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(instance.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected())
    }

    /// The reviewers of an instance with decisions still open, with how many (the
    /// reminder's recipients).
    pub async fn review_reviewer_loads(
        &mut self,
        tenant: TenantId,
        instance: ReviewInstanceId,
    ) -> Result<Vec<ReviewerLoad>> {
        let rows = sqlx::query(
            "SELECT v.reviewer_id, u.mail, u.preferred_language, \
             SUM(CASE WHEN d.decision = 'NotReviewed' THEN 1 ELSE 0 END) AS open, COUNT(*) AS total \
             FROM access_review_reviewers v \
             JOIN access_review_decisions d ON d.tenant_id = v.tenant_id \
                AND d.instance_id = v.instance_id AND d.id = v.decision_id \
             JOIN users u ON u.tenant_id = v.tenant_id AND u.id = v.reviewer_id \
             WHERE v.tenant_id = $1 AND v.instance_id = $2 AND u.deleted_at IS NULL \
             AND u.account_enabled = 1 \
             GROUP BY v.reviewer_id, u.mail, u.preferred_language \
             HAVING SUM(CASE WHEN d.decision = 'NotReviewed' THEN 1 ELSE 0 END) > 0 \
             ORDER BY v.reviewer_id",
        )
        .bind(tenant.to_string())
        .bind(instance.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ReviewerLoad {
                    reviewer_id: parsed(row, "reviewer_id")?,
                    mail: opt_text(row, "mail")?,
                    language: opt_text(row, "preferred_language")?,
                    open: int(row, "open")?,
                    total: int(row, "total")?,
                })
            })
            .collect()
    }

    /// The enabled users among `ids` with their address and language, as reviewers
    /// are written to.
    pub async fn reviewers_to_write(
        &mut self,
        tenant: TenantId,
        ids: &[UserId],
    ) -> Result<Vec<(UserId, Option<String>, Option<String>)>> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT id, mail, preferred_language FROM users WHERE tenant_id = $1 \
                 AND id IN ({}) AND deleted_at IS NULL AND account_enabled = 1 ORDER BY id",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.to_string());
            for id in chunk {
                query = query.bind(id.to_string());
            }
            for row in query.fetch_all(&mut *self.conn).await? {
                found.push((
                    parsed(&row, "id")?,
                    opt_text(&row, "mail")?,
                    opt_text(&row, "preferred_language")?,
                ));
            }
        }
        Ok(found)
    }

    /// The instances in progress in which `reviewer` decides, newest first.
    pub async fn instances_of_reviewer(
        &mut self,
        tenant: TenantId,
        reviewer: UserId,
    ) -> Result<Vec<ReviewerInstance>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {INSTANCE_COLUMNS}, r.display_name AS review_name, \
             SUM(CASE WHEN d.decision = 'NotReviewed' THEN 1 ELSE 0 END) AS open, COUNT(*) AS total \
             FROM access_review_instances i \
             JOIN access_reviews r ON r.tenant_id = i.tenant_id AND r.id = i.review_id \
             JOIN access_review_reviewers v ON v.tenant_id = i.tenant_id AND v.instance_id = i.id \
             JOIN access_review_decisions d ON d.tenant_id = v.tenant_id \
                AND d.instance_id = v.instance_id AND d.id = v.decision_id \
             WHERE i.tenant_id = $1 AND i.status = 'InProgress' AND v.reviewer_id = $2 \
             GROUP BY i.tenant_id, i.id, i.review_id, i.start_at, i.end_at, i.status, r.display_name \
             ORDER BY i.id DESC LIMIT 50"
        )))
        .bind(tenant.to_string())
        .bind(reviewer.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ReviewerInstance {
                    instance: instance_row(row)?,
                    review_name: text(row, "review_name")?,
                    open: int(row, "open")?,
                    total: int(row, "total")?,
                })
            })
            .collect()
    }

    /// The people a review's scope holds now, in id order.
    pub async fn review_scope_people(
        &mut self,
        tenant: TenantId,
        scope: &ReviewScope,
    ) -> Result<Vec<ScopedPerson>> {
        const PERSON: &str = "u.id, u.display_name, u.user_principal_name, u.last_sign_in_at, \
            u.last_non_interactive_at, u.created_at";
        let (sql, resource, guests_only) = match scope {
            ReviewScope::AllGuests => (
                format!(
                    "SELECT {PERSON} FROM users u WHERE u.tenant_id = $1 AND u.deleted_at IS NULL \
                     AND u.user_type = 'Guest' ORDER BY u.id"
                ),
                None,
                1,
            ),
            ReviewScope::Group { id, guests_only } => (
                format!(
                    "SELECT {PERSON} FROM group_members m CROSS JOIN users u \
                     WHERE m.tenant_id = $1 AND m.group_id = $2 AND u.tenant_id = $1 \
                     AND u.id = m.user_id AND u.deleted_at IS NULL \
                     AND ($3 = 0 OR u.user_type = 'Guest') ORDER BY u.id"
                ),
                Some(id.to_string()),
                i64::from(*guests_only),
            ),
            ReviewScope::Application { id, guests_only } => (
                format!(
                    "SELECT DISTINCT {PERSON} FROM app_role_assignments a CROSS JOIN users u \
                     WHERE a.tenant_id = $1 AND a.resource_id = $2 AND a.principal_type = 'User' \
                     AND u.tenant_id = $1 AND u.id = a.principal_id AND u.deleted_at IS NULL \
                     AND ($3 = 0 OR u.user_type = 'Guest') ORDER BY u.id"
                ),
                Some(id.to_string()),
                i64::from(*guests_only),
            ),
        };
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.to_string());
        if let Some(resource) = resource {
            query = query.bind(resource).bind(guests_only);
        }
        let rows = query.fetch_all(&mut *self.conn).await?;
        rows.iter()
            .map(|row| {
                let interactive = opt_int(row, "last_sign_in_at")?;
                let other = opt_int(row, "last_non_interactive_at")?;
                Ok(ScopedPerson {
                    id: parsed(row, "id")?,
                    display_name: text(row, "display_name")?,
                    user_principal_name: text(row, "user_principal_name")?,
                    last_activity: interactive.max(other),
                    created_at: int(row, "created_at")?,
                })
            })
            .collect()
    }

    /// Every (sponsored user, reviewer) pair of the tenant: the enabled user
    /// sponsors, and the enabled members of sponsor groups.
    pub async fn sponsor_reviewers(&mut self, tenant: TenantId) -> Result<Vec<(UserId, UserId)>> {
        let rows = sqlx::query(
            "SELECT s.user_id, r.id AS reviewer FROM sponsors s \
             JOIN users r ON r.tenant_id = s.tenant_id AND r.id = s.sponsor_id \
             WHERE s.tenant_id = $1 AND s.sponsor_type = 'User' AND r.deleted_at IS NULL \
             AND r.account_enabled = 1 \
             UNION \
             SELECT s.user_id, r.id AS reviewer FROM sponsors s \
             JOIN groups g ON g.tenant_id = s.tenant_id AND g.id = s.sponsor_id \
             JOIN group_members m ON m.group_id = g.id \
             JOIN users r ON r.tenant_id = s.tenant_id AND r.id = m.user_id \
             WHERE s.tenant_id = $1 AND s.sponsor_type = 'Group' AND g.deleted_at IS NULL \
             AND r.deleted_at IS NULL AND r.account_enabled = 1",
        )
        .bind(tenant.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter()
            .map(|row| Ok((parsed(row, "user_id")?, parsed(row, "reviewer")?)))
            .collect()
    }

    /// The enabled members of a group (reviewers named as a group).
    pub async fn enabled_group_members(
        &mut self,
        tenant: TenantId,
        group: entente_model::GroupId,
    ) -> Result<Vec<UserId>> {
        let rows = sqlx::query(
            "SELECT u.id FROM group_members m CROSS JOIN users u WHERE m.tenant_id = $1 \
             AND m.group_id = $2 AND u.tenant_id = $1 AND u.id = m.user_id \
             AND u.deleted_at IS NULL AND u.account_enabled = 1 ORDER BY u.id",
        )
        .bind(tenant.to_string())
        .bind(group.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(|row| parsed(row, "id")).collect()
    }

    /// The enabled holders of a directory role.
    pub async fn enabled_role_holders(
        &mut self,
        tenant: TenantId,
        role: entente_model::DirectoryRole,
    ) -> Result<Vec<UserId>> {
        let rows = sqlx::query(
            "SELECT u.id FROM user_directory_roles r \
             JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.user_id \
             WHERE r.tenant_id = $1 AND r.role = $2 AND u.account_enabled = 1 \
             AND u.deleted_at IS NULL ORDER BY u.id",
        )
        .bind(tenant.to_string())
        .bind(role.as_str())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(|row| parsed(row, "id")).collect()
    }

    /// Removes every direct assignment of a user to an application; answers how
    /// many.
    pub async fn remove_user_assignments_to(
        &mut self,
        tenant: TenantId,
        user: UserId,
        resource: entente_model::AppId,
    ) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM app_role_assignments WHERE tenant_id = $1 AND principal_id = $2 \
             AND resource_id = $3",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(resource.to_string())
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected())
    }

    /// The names of the live sponsors (users and groups) of each of `users`, as
    /// (user, name) in user and name order.
    pub async fn sponsor_names_of(
        &mut self,
        tenant: TenantId,
        users: &[UserId],
    ) -> Result<Vec<(UserId, String)>> {
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(2, users.len());
        // The users and groups are read by key through the index their plan must
        // not be argued out of: a connection opened while the tenant was small keeps
        // statistics that call `users` a one-row table, and SQLite then scanned every
        // user for each sponsorship (90 ms for a reviewer's page of 100 instead of 2).
        let (users_index, groups_index) = match self.sqlite() {
            true => (" INDEXED BY users_page", " INDEXED BY groups_page"),
            false => ("", ""),
        };
        let sql = format!(
            "SELECT s.user_id, COALESCE(su.display_name, sg.display_name) AS name FROM sponsors s \
             LEFT JOIN users su{users_index} ON s.sponsor_type = 'User' \
                AND su.tenant_id = s.tenant_id AND su.id = s.sponsor_id AND su.deleted_at IS NULL \
             LEFT JOIN groups sg{groups_index} ON s.sponsor_type = 'Group' \
                AND sg.tenant_id = s.tenant_id AND sg.id = s.sponsor_id AND sg.deleted_at IS NULL \
             WHERE s.tenant_id = $1 AND s.user_id IN ({list}) \
             AND (su.id IS NOT NULL OR sg.id IS NOT NULL) ORDER BY s.user_id, name"
        );
        self.named_pairs(sql, tenant, users).await
    }

    /// What each of `users` reaches: the groups it is a member of and the
    /// applications it is assigned to directly, as (user, name).
    pub async fn reach_names_of(
        &mut self,
        tenant: TenantId,
        users: &[UserId],
    ) -> Result<Vec<(UserId, String)>> {
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(2, users.len());
        let groups_index = if self.sqlite() {
            " INDEXED BY groups_page"
        } else {
            ""
        };
        let sql = format!(
            "SELECT m.user_id, g.display_name AS name FROM group_members m \
             JOIN groups g{groups_index} ON g.tenant_id = m.tenant_id AND g.id = m.group_id \
                AND g.deleted_at IS NULL \
             WHERE m.tenant_id = $1 AND m.user_id IN ({list}) \
             UNION \
             SELECT a.principal_id AS user_id, p.display_name AS name FROM app_role_assignments a \
             JOIN applications p ON p.id = a.resource_id AND p.deleted_at IS NULL \
             WHERE a.tenant_id = $1 AND a.principal_type = 'User' AND a.principal_id IN ({list}) \
             ORDER BY 1, 2"
        );
        self.named_pairs(sql, tenant, users).await
    }

    async fn named_pairs(
        &mut self,
        sql: String,
        tenant: TenantId,
        users: &[UserId],
    ) -> Result<Vec<(UserId, String)>> {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.to_string());
        for user in users {
            query = query.bind(user.to_string());
        }
        let rows = query.fetch_all(&mut *self.conn).await?;
        rows.iter()
            .map(|row| Ok((parsed(row, "user_id")?, text(row, "name")?)))
            .collect()
    }
}
