//! Exports of the audit log: the viewer's filtered range as XLSX or CSV, oldest first.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Admin;
use super::api::{AuditParams, audit_query, query, store_error};
use super::export;
use crate::audit::Event;
use crate::http::error::ApiError;
use crate::state::AppState;
use crate::{clock, msg};

#[derive(Debug, Clone, Copy)]
enum Format {
    Xlsx,
    Csv,
}

pub async fn xlsx(
    admin: Admin,
    State(app): State<AppState>,
    q: Result<Query<AuditParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    export_audit(admin, app, q, Format::Xlsx).await
}

pub async fn csv(
    admin: Admin,
    State(app): State<AppState>,
    q: Result<Query<AuditParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    export_audit(admin, app, q, Format::Csv).await
}

/// The filtered range as a file, oldest first; refused (413) past `admin.export_max_rows`.
async fn export_audit(
    admin: Admin,
    app: AppState,
    q: Result<Query<AuditParams>, QueryRejection>,
    format: Format,
) -> Result<Response, ApiError> {
    let params = query(q)?;
    let filter = audit_query(&params)?;
    let max = app.config.admin.export_max_rows;
    let audit = app.store.audit();
    let count = audit
        .count_matching(&filter)
        .await
        .map_err(store_error("counting audit entries"))?;
    if count > u64::from(max) {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_rows",
            msg!("error-admin-export-too-large", count = count, max = max),
        ));
    }
    let records = audit
        .matching(&filter, max)
        .await
        .map_err(store_error("reading the audit log"))?;
    let rows = records.len();
    // Building a workbook of many rows takes CPU time: not on the async threads.
    let (bytes, content_type, extension) = tokio::task::spawn_blocking(move || match format {
        Format::Xlsx => export::xlsx(&records).map(|b| {
            (
                b,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            )
        }),
        Format::Csv => Ok((export::csv(&records), "text/csv; charset=utf-8", "csv")),
    })
    .await
    .map_err(|e| ApiError::internal("exporting the audit log", e))?
    .map_err(|e| ApiError::internal("exporting the audit log", e))?;
    app.audit.record(
        Event::ActionAllowed,
        &admin.who(),
        None,
        format!(
            "audit log exported as {extension}: {rows} entries from {} to {}",
            clock::format_utc(filter.from),
            clock::format_utc(filter.to)
        ),
    );
    let filename = format!(
        "vroom-audit-{}-{}.{extension}",
        day(filter.from),
        day(filter.to)
    );
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `YYYY-MM-DD` of a time, for file names.
fn day(secs: i64) -> String {
    clock::format_utc(secs).chars().take(10).collect()
}
