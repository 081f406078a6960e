// The system's SQLite (Debian: libsqlite3-dev), which the SQLite store binds to directly so that it can keep its
// prepared statements and run a whole transaction in one visit to its connection's thread.
#include <sqlite3.h>
