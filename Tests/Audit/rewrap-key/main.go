// Command rewrap-key re-wraps AES-256-GCM wrapped keys under other
// additional data, for the audit tests that put a database back into the
// form baton-audit wrote before retention (sealing keys bound to tenant and
// owner only). Go's standard library only; shares no code with Baton.
//
// Each line of standard input is five hex fields: the key-encryption key,
// the nonce, the wrapped key (ciphertext and tag), the additional data it is
// wrapped under, and the additional data to wrap it under. Each line of
// standard output is the new nonce and wrapped key, in hex.
package main

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		fields := strings.Fields(in.Text())
		if len(fields) != 5 {
			fail("want 5 hex fields, got %d", len(fields))
		}
		var parts [5][]byte
		for i, field := range fields {
			bytes, err := hex.DecodeString(field)
			if err != nil {
				fail("field %d: %v", i+1, err)
			}
			parts[i] = bytes
		}
		block, err := aes.NewCipher(parts[0])
		if err != nil {
			fail("key-encryption key: %v", err)
		}
		gcm, err := cipher.NewGCM(block)
		if err != nil {
			fail("gcm: %v", err)
		}
		key, err := gcm.Open(nil, parts[1], parts[2], parts[3])
		if err != nil {
			fail("the wrapped key does not open under the given additional data: %v", err)
		}
		nonce := make([]byte, gcm.NonceSize())
		if _, err := rand.Read(nonce); err != nil {
			fail("nonce: %v", err)
		}
		fmt.Printf("%x %x\n", nonce, gcm.Seal(nil, nonce, key, parts[4]))
	}
	if err := in.Err(); err != nil {
		fail("reading: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "rewrap-key: "+format+"\n", args...)
	os.Exit(1)
}
