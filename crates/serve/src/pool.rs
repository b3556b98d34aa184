//! A small pool of read connections, each used on a blocking thread.

use crate::ApiError;
use dateline_store::Store;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// One reader: the store's API and a read-only connection for the
/// aggregate queries the store does not offer.
pub(crate) struct Reader {
    pub(crate) store: Store,
    pub(crate) raw: Connection,
}

impl Reader {
    pub(crate) fn open(db: &Path) -> Result<Reader, dateline_store::Error> {
        Ok(Reader { store: Store::open_read_only(db)?, raw: open_read_only(db)? })
    }
}

/// A read-only connection (`query_only` too, belt and braces).
pub(crate) fn open_read_only(db: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    dateline_store::tune_reader(&conn)?;
    Ok(conn)
}

pub(crate) struct Pool {
    db: PathBuf,
    idle: Mutex<Vec<Reader>>,
    permits: Arc<Semaphore>,
}

impl Pool {
    pub(crate) fn new(db: &Path, size: usize) -> Result<Pool, dateline_store::Error> {
        // One connection up front, so a bad store fails at start.
        let first = Reader::open(db)?;
        Ok(Pool { db: db.to_owned(), idle: Mutex::new(vec![first]), permits: Arc::new(Semaphore::new(size)) })
    }

    fn take(&self) -> Result<Reader, ApiError> {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        match idle {
            Some(r) => Ok(r),
            None => Reader::open(&self.db).map_err(ApiError::from),
        }
    }

    fn give_back(&self, r: Reader) {
        if let Ok(mut v) = self.idle.lock() {
            v.push(r);
        }
    }

    /// Runs `f` with a reader on a blocking thread.
    pub(crate) async fn with<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Reader) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the server is shutting down"))?;
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let reader = pool.take()?;
            let out = f(&reader);
            pool.give_back(reader);
            drop(permit);
            out
        })
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
    }
}
