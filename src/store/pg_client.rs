//! The connection to a PostgreSQL server: tokio-postgres, driven on this
//! thread by a current-thread runtime (as the synchronous `postgres` crate
//! drives it), so that several statements can be sent before the first
//! answer comes back ([`Client::pipeline`]); the synchronous crate waits
//! for each answer before it sends the next statement.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_postgres::error::DbError;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{AsyncMessage, Config, Error, Row, SimpleQueryMessage, Socket};

/// A statement's parameters, each with its type (no round trip to ask the
/// server for them).
pub type Params<'p> = [(&'p (dyn ToSql + Sync), Type)];

/// The driver's half that reads the server's messages and writes the
/// client's requests (its type depends on the TLS stream).
trait Drive {
    fn poll_message(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<AsyncMessage, Error>>>;
}

impl<S, T> Drive for tokio_postgres::Connection<S, T>
where
    S: AsyncRead + AsyncWrite + Unpin,
    T: AsyncRead + AsyncWrite + Unpin,
{
    fn poll_message(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<AsyncMessage, Error>>> {
        tokio_postgres::Connection::poll_message(self, cx)
    }
}

/// The parts of a connection a call needs beside the request handle.
struct Driver {
    runtime: tokio::runtime::Runtime,
    connection: Box<dyn Drive>,
    on_notice: Box<dyn Fn(DbError)>,
}

impl Driver {
    /// Runs `future` while the connection reads and writes; the server's
    /// notices go to the callback as they come.
    fn run<T>(&mut self, future: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        let mut future = pin!(future);
        let Driver {
            runtime,
            connection,
            on_notice,
        } = self;
        runtime.block_on(std::future::poll_fn(|cx| {
            loop {
                match connection.poll_message(cx) {
                    Poll::Ready(Some(Ok(AsyncMessage::Notice(notice)))) => on_notice(notice),
                    Poll::Ready(Some(Ok(_))) => {}
                    Poll::Ready(Some(Err(e))) => return Poll::Ready(Err(e)),
                    Poll::Ready(None) | Poll::Pending => break,
                }
            }
            future.as_mut().poll(cx)
        }))
    }
}

/// One connection; every call waits for its answers (typed statements go
/// through [`Client::pipeline`], alone or with others).
pub struct Client {
    driver: Driver,
    /// None only while the connection closes.
    client: Option<tokio_postgres::Client>,
}

/// Why [`connect`] gave up.
pub enum ConnectError {
    Failed(Error),
    /// The whole handshake took longer than allowed.
    TimedOut,
    /// No runtime (the kernel refused an epoll or event descriptor).
    Runtime(std::io::Error),
}

/// Connects with `config`, the whole handshake (TCP, TLS, authentication)
/// bounded by `within`: the driver's own connect timeout covers only the
/// TCP connection, not a server that accepts and then never answers.
pub fn connect<M>(
    config: &Config,
    tls: M,
    within: Duration,
    on_notice: impl Fn(DbError) + 'static,
) -> Result<Client, ConnectError>
where
    M: MakeTlsConnect<Socket>,
    M::Stream: 'static,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(ConnectError::Runtime)?;
    // (A timer is made inside the runtime: it needs the runtime's clock.)
    match runtime.block_on(async { tokio::time::timeout(within, config.connect(tls)).await }) {
        Ok(Ok((client, connection))) => Ok(Client {
            driver: Driver {
                runtime,
                connection: Box::new(connection),
                on_notice: Box::new(on_notice),
            },
            client: Some(client),
        }),
        Ok(Err(e)) => Err(ConnectError::Failed(e)),
        Err(_) => Err(ConnectError::TimedOut),
    }
}

impl Client {
    fn parts(&mut self) -> (&mut Driver, &tokio_postgres::Client) {
        (
            &mut self.driver,
            self.client.as_ref().expect("open until dropped"),
        )
    }

    pub fn batch_execute(&mut self, sql: &str) -> Result<(), Error> {
        let (driver, client) = self.parts();
        driver.run(client.batch_execute(sql))
    }

    pub fn query_typed_one(&mut self, sql: &str, params: &Params<'_>) -> Result<Row, Error> {
        let (driver, client) = self.parts();
        driver.run(client.query_typed_one(sql, params))
    }

    /// Sends every step before it reads any answer: one round trip for
    /// all of them. The server runs them in order; once one fails inside a
    /// transaction, every one after it fails too (and a `COMMIT` among
    /// them then ends the transaction as a `ROLLBACK`, without an error).
    /// The answers come in the order of the steps.
    ///
    /// A step that fails before it is sent (its message cannot be made)
    /// stops the pipeline there: nothing after it is sent (a `COMMIT`
    /// after it must not reach the server, which saw nothing fail), and
    /// that error is the outer one, as is an error of the connection.
    pub fn pipeline(&mut self, steps: &[Step<'_>]) -> Result<Vec<Result<Reply, Error>>, Error> {
        type Answer<'f> = Pin<Box<dyn Future<Output = Result<Reply, Error>> + 'f>>;
        let (driver, client) = self.parts();
        let mut pending: Vec<Answer<'_>> = steps
            .iter()
            .map(|step| -> Answer<'_> {
                match *step {
                    Step::Simple(sql) => {
                        Box::pin(async move { client.simple_query(sql).await.map(Reply::Messages) })
                    }
                    Step::Query(sql, params) => {
                        Box::pin(
                            async move { client.query_typed(sql, params).await.map(Reply::Rows) },
                        )
                    }
                    Step::Execute(sql, params) => Box::pin(async move {
                        client.execute_typed(sql, params).await.map(Reply::Count)
                    }),
                }
            })
            .collect();
        driver.run(async move {
            // First polls, in order and all in one go: each queues its
            // request (so the driver writes them together). One that is
            // done at once was not sent (no answer can be there yet).
            let mut early: Vec<Option<Result<Reply, Error>>> = Vec::new();
            let queued = std::future::poll_fn(|cx| {
                for answer in pending.iter_mut() {
                    match answer.as_mut().poll(cx) {
                        Poll::Pending => early.push(None),
                        Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                        Poll::Ready(Ok(reply)) => early.push(Some(Ok(reply))),
                    }
                }
                Poll::Ready(Ok(()))
            });
            queued.await?;
            let mut out = Vec::with_capacity(pending.len());
            for (answer, early) in pending.into_iter().zip(early) {
                out.push(match early {
                    Some(done) => done,
                    None => answer.await,
                });
            }
            Ok(out)
        })
    }
}

/// One statement of a [`Client::pipeline`].
pub enum Step<'a> {
    /// Statements without parameters, in one simple-protocol message.
    Simple(&'a str),
    /// A typed statement whose rows are wanted.
    Query(&'a str, &'a Params<'a>),
    /// A typed statement whose count of changed rows is wanted.
    Execute(&'a str, &'a Params<'a>),
}

/// What a [`Step`] gave back.
pub enum Reply {
    Messages(Vec<SimpleQueryMessage>),
    Rows(Vec<Row>),
    Count(u64),
}

/// Ends the session as a client should (a Terminate message; the server
/// logs no lost connection), waiting at most a second for the socket.
impl Drop for Client {
    fn drop(&mut self) {
        // Without its request handle the driver sends Terminate and shuts
        // the socket down, and then reports the end.
        drop(self.client.take());
        let Driver {
            runtime,
            connection,
            ..
        } = &mut self.driver;
        let closed = std::future::poll_fn(|cx| {
            loop {
                match connection.poll_message(cx) {
                    Poll::Ready(Some(Ok(_))) => {}
                    Poll::Ready(Some(Err(_)) | None) => return Poll::Ready(()),
                    Poll::Pending => return Poll::Pending,
                }
            }
        });
        let _ =
            runtime.block_on(async { tokio::time::timeout(Duration::from_secs(1), closed).await });
    }
}
