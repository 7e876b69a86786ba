//! Budgets of email one-time code traffic: how many wrong guesses (or code requests)
//! one key (a source address, an account at a source) has used in its current fixed
//! window. Each change is one statement that changes the count and returns it, so
//! requests racing on one key are counted one after another and none slips past a
//! budget; what the keys and budgets are is the domain's business.

use entente_model::UnixTime;

use crate::rows::int;
use crate::{Db, Result};

/// A budget's count in its window, after a charge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BudgetUse {
    /// Charges in the current window, this one included.
    pub used: i64,
    /// When the current window ends and the count starts again from nothing.
    pub resets_at: UnixTime,
}

impl Db<'_> {
    /// Counts one use of `key` and returns the count in its window of `window`
    /// seconds; a window that has ended starts over with this use.
    pub async fn charge_code_budget(
        &mut self,
        key: &str,
        now: UnixTime,
        window: i64,
    ) -> Result<BudgetUse> {
        let row = sqlx::query(
            "INSERT INTO code_budgets (budget_key, window_start, used) VALUES ($1, $2, 1) \
             ON CONFLICT (budget_key) DO UPDATE SET \
             used = CASE WHEN code_budgets.window_start <= $3 THEN 1 \
                    ELSE code_budgets.used + 1 END, \
             window_start = CASE WHEN code_budgets.window_start <= $3 THEN $2 \
                    ELSE code_budgets.window_start END \
             RETURNING used, window_start",
        )
        .bind(key)
        .bind(now)
        .bind(now - window)
        .fetch_one(&mut *self.conn)
        .await?;
        Ok(BudgetUse {
            used: int(&row, "used")?,
            resets_at: int(&row, "window_start")? + window,
        })
    }

    /// Gives back one use of `key` (a guess that turned out right costs nothing).
    pub async fn refund_code_budget(&mut self, key: &str) -> Result<()> {
        sqlx::query("UPDATE code_budgets SET used = used - 1 WHERE budget_key = $1 AND used > 0")
            .bind(key)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    /// Counts a guess at a code and returns how many it has had, this one included;
    /// `None` when there is no such code.
    pub async fn charge_email_code_attempt(&mut self, id: uuid::Uuid) -> Result<Option<i64>> {
        let row = sqlx::query(
            "UPDATE email_codes SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?;
        row.map(|r| int(&r, "attempts")).transpose()
    }
}
