//! The body of a bulk-invitation upload (portal and API): large enough for any file
//! within the documented limits ([`MAX_FILE_BYTES`]), read whole before the form or
//! file is parsed, and a larger one told apart so that each face answers 413 its way.
//!
//! A larger body is read on to its end (up to [`DRAIN_BYTES`]) before the answer: a
//! browser still sending when the server closes sees a reset connection rather than
//! the page that says what went wrong.

use std::future::poll_fn;
use std::pin::Pin;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{DefaultBodyLimit, Request};
use entente_domain::invitations::csv_import::MAX_FILE_BYTES;

/// The largest upload body: the largest file plus room for a form's other fields and
/// multipart boundaries.
pub const UPLOAD_BODY_LIMIT: usize = MAX_FILE_BYTES + 64 * 1024;

/// How much of a too-large body is read and thrown away so the answer can be seen.
const DRAIN_BYTES: usize = 2 * UPLOAD_BODY_LIMIT;

/// The layer that lets the upload routes' extractors read [`UPLOAD_BODY_LIMIT`]
/// bytes (every other route keeps [`crate::MAX_BODY_BYTES`]).
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)
}

/// The size limit as the upload pages state it ("93 MB"), rounded down so the
/// statement holds.
pub fn limit_text() -> String {
    format!("{} MB", MAX_FILE_BYTES / 1_000_000)
}

/// The upload was larger than [`UPLOAD_BODY_LIMIT`].
#[derive(Debug)]
pub struct TooLarge;

/// `request` with its body read into memory, or [`TooLarge`].
pub async fn buffered(request: Request) -> Result<Request, TooLarge> {
    let (parts, body) = request.into_parts();
    let declared = declared_length(&parts.headers);
    let kept = read(body, declared, UPLOAD_BODY_LIMIT, DRAIN_BYTES).await?;
    Ok(Request::from_parts(parts, Body::from(Bytes::from(kept))))
}

/// Reads and drops the body of a request that is answered without it (a sign-in
/// redirect, a refusal), up to what any other route reads, so that the browser sees
/// the answer; a longer body is left, and the connection closes.
pub async fn discard(request: Request) {
    let (parts, body) = request.into_parts();
    let declared = declared_length(&parts.headers);
    let _ = read(body, declared, 0, crate::MAX_BODY_BYTES).await;
}

fn declared_length(headers: &axum::http::HeaderMap) -> Option<u64> {
    headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
}

/// Reads `body` to its end, keeping it when it is at most `keep` bytes; gives up past
/// `drain` bytes. [`TooLarge`] when more than `keep` bytes came.
async fn read(
    mut body: Body,
    declared: Option<u64>,
    keep: usize,
    drain: usize,
) -> Result<Vec<u8>, TooLarge> {
    if declared.is_some_and(|length| length > drain as u64) {
        // Too large even to drain: answered at once.
        return Err(TooLarge);
    }
    let mut kept: Vec<u8> = Vec::new();
    if let Some(length) = declared.and_then(|l| usize::try_from(l).ok())
        && length <= keep
    {
        // What a client declares is not yet what it sends: grow as bytes arrive.
        kept.reserve_exact(length.min(64 * 1024));
    }
    let mut read = 0usize;
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let Ok(frame) = frame else {
            // The client went away; nothing will read the answer.
            return Err(TooLarge);
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        read += data.len();
        if read > drain {
            return Err(TooLarge);
        }
        if read <= keep {
            kept.extend_from_slice(&data);
        } else if !kept.is_empty() {
            kept = Vec::new();
        }
    }
    if read > keep {
        return Err(TooLarge);
    }
    Ok(kept)
}
