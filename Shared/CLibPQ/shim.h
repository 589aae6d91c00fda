#ifndef BATON_CLIBPQ_SHIM_H
#define BATON_CLIBPQ_SHIM_H

// The include path comes from `pkg-config libpq` (Debian: /usr/include/postgresql).
#include <libpq-fe.h>

#endif
