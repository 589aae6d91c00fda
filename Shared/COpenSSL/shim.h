#ifndef BATON_COPENSSL_SHIM_H
#define BATON_COPENSSL_SHIM_H

#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/bio.h>
#include <openssl/opensslv.h>

// Macros in the OpenSSL API that Swift cannot import as functions.

static inline long baton_SSL_CTX_set_options(SSL_CTX *ctx, long options) {
    return SSL_CTX_set_options(ctx, options);
}

static inline long baton_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

static inline int baton_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

static inline long baton_BIO_pending(BIO *bio) {
    return (long)BIO_pending(bio);
}

static inline int baton_BIO_set_mem_eof_return(BIO *bio, int value) {
    return (int)BIO_set_mem_eof_return(bio, value);
}

static inline void baton_SSL_CTX_set_hardening_options(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
}

// ALPN for servers: "h2" (gRPC, Connect, gRPC-Web) when the client offers it,
// else "http/1.1" (Connect and gRPC-Web from HTTP/1.1 clients); a client
// offering neither is refused. A C callback, so no Swift closure has to
// outlive the context.
static inline int baton_select_h2_or_http11(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                                            const unsigned char *in, unsigned int inlen, void *arg) {
    static const unsigned char supported[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    (void)ssl; (void)arg;
    if (SSL_select_next_proto((unsigned char **)out, outlen, supported, sizeof(supported), in, inlen)
        != OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    return SSL_TLSEXT_ERR_OK;
}

static inline void baton_SSL_CTX_accept_h2_or_http11(SSL_CTX *ctx) {
    SSL_CTX_set_alpn_select_cb(ctx, baton_select_h2_or_http11, NULL);
}

static inline long baton_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

static inline void baton_ERR_error_string(unsigned long code, char *buffer, size_t length) {
    ERR_error_string_n(code, buffer, length);
}

// SHA-256 of a prefix byte, then `first`, then `second` (either may be empty), into 32 bytes
// at `digest`: a Merkle tree's leaf and node hashes without copying their input. The low-level
// SHA-256 calls (deprecated in OpenSSL 3, still shipped, and using the CPU's SHA extensions) keep
// the context on the stack: the one-shot SHA256() of OpenSSL 3 fetches the algorithm and
// allocates a context under a lock on every call, which costs more than hashing a small entry.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static inline void baton_sha256_prefixed(unsigned char prefix, const void *first, size_t first_length,
                                         const void *second, size_t second_length, unsigned char *digest) {
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, &prefix, 1);
    if (first_length > 0) SHA256_Update(&context, first, first_length);
    if (second_length > 0) SHA256_Update(&context, second, second_length);
    SHA256_Final(digest, &context);
}

// SHA-256 of `length` bytes at `bytes` into 32 bytes at `digest`, with the context on the stack
// (as above): what every other SHA-256 in Baton uses instead of the one-shot SHA256().
static inline void baton_sha256(const void *bytes, size_t length, unsigned char *digest) {
    SHA256_CTX context;
    SHA256_Init(&context);
    if (length > 0) SHA256_Update(&context, bytes, length);
    SHA256_Final(digest, &context);
}
// HMAC-SHA-256 (RFC 2104) of `message` under `key` into 32 bytes at `mac`, over the low-level SHA-256
// calls as above: OpenSSL 3's HMAC() goes through EVP_Q_mac, which looks the MAC and the digest up
// by name and allocates their contexts on every call (several times the cost of the hashing for
// a pseudonym). The padded key and the inner hash are wiped before returning.
static inline void baton_hmac_sha256(const void *key, size_t key_length, const void *message, size_t message_length,
                                     unsigned char *mac) {
    unsigned char block[64] = {0};
    unsigned char pad[64];
    unsigned char inner[32];
    SHA256_CTX context;
    if (key_length > sizeof block) {
        baton_sha256(key, key_length, block);
    } else if (key_length > 0) {
        memcpy(block, key, key_length);
    }
    for (size_t i = 0; i < sizeof pad; i++) pad[i] = block[i] ^ 0x36;
    SHA256_Init(&context);
    SHA256_Update(&context, pad, sizeof pad);
    if (message_length > 0) SHA256_Update(&context, message, message_length);
    SHA256_Final(inner, &context);
    for (size_t i = 0; i < sizeof pad; i++) pad[i] = block[i] ^ 0x5c;
    SHA256_Init(&context);
    SHA256_Update(&context, pad, sizeof pad);
    SHA256_Update(&context, inner, sizeof inner);
    SHA256_Final(mac, &context);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
    OPENSSL_cleanse(inner, sizeof inner);
    OPENSSL_cleanse(&context, sizeof context);
}
#pragma GCC diagnostic pop

#endif
