#ifndef BATON_CNGHTTP2_SHIM_H
#define BATON_CNGHTTP2_SHIM_H

#include <nghttp2/nghttp2.h>

// Debian 12 ships nghttp2 1.52, which predates the `*2` in-memory API
// (mem_recv2/mem_send2 arrived in 1.61). Callers use these names so the
// wrapper builds against either.
#if NGHTTP2_VERSION_NUM >= 0x013d00
static inline nghttp2_ssize baton_nghttp2_session_mem_recv(nghttp2_session *session, const uint8_t *in, size_t inlen) {
    return nghttp2_session_mem_recv2(session, in, inlen);
}
static inline nghttp2_ssize baton_nghttp2_session_mem_send(nghttp2_session *session, const uint8_t **data) {
    return nghttp2_session_mem_send2(session, data);
}
#else
static inline ssize_t baton_nghttp2_session_mem_recv(nghttp2_session *session, const uint8_t *in, size_t inlen) {
    return nghttp2_session_mem_recv(session, in, inlen);
}
static inline ssize_t baton_nghttp2_session_mem_send(nghttp2_session *session, const uint8_t **data) {
    return nghttp2_session_mem_send(session, data);
}
#endif

#endif
