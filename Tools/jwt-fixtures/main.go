// Command jwt-fixtures writes the JWKS and the JWTs that GatewayCore's JWT
// tests verify. It uses nothing but Go's standard library (crypto/ecdsa,
// crypto/ed25519, crypto/hmac, crypto/rsa, encoding/json) and shares no code
// with Baton, so a bug in Baton's JWT reading or signature conversion cannot
// hide itself by making the tokens it checks.
//
// # README
//
// Run Tools/jwt-fixtures/regenerate (offline, Debian's golang-go) to rewrite
// Tests/GatewayCoreTests/Fixtures/JWT/{jwks.json,tokens.json}; commit both.
// Keys are derived from fixed labels, so the JWKS is the same on every run;
// ECDSA and RSA signatures are randomised by Go, so tokens.json changes.
//
// Every token is made for the fixed instant `now` (written to tokens.json),
// which the tests pass to the verifier. The expected outcome of each token
// is stated in the Swift tests, not here.
package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"log"
	"math/big"
	"os"
	"path/filepath"
)

const (
	now      = 1_800_000_000
	issuer   = "https://idp.baton.test/"
	audience = "baton-gateway"
	skew     = 30 // the verifier's default, which the *-skew tokens straddle
)

var b64 = base64.RawURLEncoding

// ecKey derives a P-256 key from a label: d = SHA-256(label) mod (n-1) + 1.
func ecKey(label string) *ecdsa.PrivateKey {
	curve := elliptic.P256()
	digest := sha256.Sum256([]byte(label))
	n1 := new(big.Int).Sub(curve.Params().N, big.NewInt(1))
	d := new(big.Int).Mod(new(big.Int).SetBytes(digest[:]), n1)
	d.Add(d, big.NewInt(1))
	x, y := curve.ScalarBaseMult(d.FillBytes(make([]byte, 32)))
	return &ecdsa.PrivateKey{PublicKey: ecdsa.PublicKey{Curve: curve, X: x, Y: y}, D: d}
}

func edKey(label string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte(label))
	return ed25519.NewKeyFromSeed(seed[:])
}

func coordinate(v *big.Int) string { return b64.EncodeToString(v.FillBytes(make([]byte, 32))) }

func mustJSON(v any) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		log.Fatal(err)
	}
	return out
}

// token joins a header and claims (maps, or raw JSON bytes) and signs the
// signing input with sign.
func token(header, claims any, sign func([]byte) []byte) string {
	part := func(v any) string {
		if raw, ok := v.([]byte); ok {
			return b64.EncodeToString(raw)
		}
		return b64.EncodeToString(mustJSON(v))
	}
	input := part(header) + "." + part(claims)
	return input + "." + b64.EncodeToString(sign([]byte(input)))
}

// es256 signs as JWS ES256: the 64 bytes r || s (RFC 7518 §3.4).
func es256(key *ecdsa.PrivateKey) func([]byte) []byte {
	return func(input []byte) []byte {
		digest := sha256.Sum256(input)
		r, s, err := ecdsa.Sign(rand.Reader, key, digest[:])
		if err != nil {
			log.Fatal(err)
		}
		return append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...)
	}
}

// es256HighS signs, then replaces s by n - s when s is low (both verify
// under plain ECDSA): the signature's high bit is then set, which the DER
// conversion must pad.
func es256HighS(key *ecdsa.PrivateKey) func([]byte) []byte {
	return func(input []byte) []byte {
		n := key.Curve.Params().N
		half := new(big.Int).Rsh(n, 1)
		for {
			sig := es256(key)(input)
			s := new(big.Int).SetBytes(sig[32:])
			if s.Cmp(half) <= 0 {
				s.Sub(n, s)
			}
			copy(sig[32:], s.FillBytes(make([]byte, 32)))
			if ecdsa.Verify(&key.PublicKey, sha256Of(input), new(big.Int).SetBytes(sig[:32]), s) {
				return sig
			}
		}
	}
}

func sha256Of(input []byte) []byte {
	digest := sha256.Sum256(input)
	return digest[:]
}

// es256DER signs ES256 but writes the ASN.1 DER signature, as a careless
// issuer might: not a JWS signature.
func es256DER(key *ecdsa.PrivateKey) func([]byte) []byte {
	return func(input []byte) []byte {
		sig, err := ecdsa.SignASN1(rand.Reader, key, sha256Of(input))
		if err != nil {
			log.Fatal(err)
		}
		return sig
	}
}

func edDSA(key ed25519.PrivateKey) func([]byte) []byte {
	return func(input []byte) []byte { return ed25519.Sign(key, input) }
}

func hs256(secret []byte) func([]byte) []byte {
	return func(input []byte) []byte {
		mac := hmac.New(sha256.New, secret)
		mac.Write(input)
		return mac.Sum(nil)
	}
}

func rs256(key *rsa.PrivateKey) func([]byte) []byte {
	return func(input []byte) []byte {
		sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sha256Of(input))
		if err != nil {
			log.Fatal(err)
		}
		return sig
	}
}

func unsigned([]byte) []byte { return nil }

// claims are the claims of a valid token, with changes: a nil value removes a claim.
func claims(changes map[string]any) map[string]any {
	c := map[string]any{
		"iss": issuer, "aud": audience, "sub": "agent-7", "jti": "tok-1",
		"iat": now - 60, "exp": now + 3600,
		"baton_tenant": "acme", "baton_role": "agent",
	}
	for k, v := range changes {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

func header(alg, kid string) map[string]any {
	h := map[string]any{"alg": alg, "typ": "JWT"}
	if kid != "" {
		h["kid"] = kid
	}
	return h
}

func main() {
	out := flag.String("out", "Tests/GatewayCoreTests/Fixtures/JWT", "directory to write jwks.json and tokens.json to")
	flag.Parse()

	ec1, ec2 := ecKey("baton jwt fixture ec-1"), ecKey("baton jwt fixture ec-2")
	ed1 := edKey("baton jwt fixture ed-1")
	rsa1, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		log.Fatal(err)
	}
	ecJWK := func(kid string, k *ecdsa.PrivateKey) map[string]any {
		return map[string]any{"kty": "EC", "crv": "P-256", "kid": kid, "alg": "ES256", "use": "sig",
			"x": coordinate(k.X), "y": coordinate(k.Y)}
	}
	jwks := map[string]any{"keys": []any{
		ecJWK("ec-1", ec1),
		ecJWK("ec-2", ec2),
		map[string]any{"kty": "OKP", "crv": "Ed25519", "kid": "ed-1", "x": b64.EncodeToString(ed1.Public().(ed25519.PublicKey))},
		map[string]any{"kty": "RSA", "kid": "rsa-1", "alg": "RS256", "use": "sig",
			"n": b64.EncodeToString(rsa1.N.Bytes()), "e": b64.EncodeToString(big.NewInt(int64(rsa1.E)).Bytes())},
	}}

	valid := token(header("ES256", "ec-1"), claims(nil), es256(ec1))
	validParts := splitDots(valid)
	forged := validParts[0] + "." + b64.EncodeToString(mustJSON(claims(map[string]any{"baton_role": "admin"}))) + "." + validParts[2]
	validEd := token(header("EdDSA", "ed-1"), claims(nil), edDSA(ed1))

	tokens := map[string]string{
		"valid-es256":               valid,
		"valid-es256-second-key":    token(header("ES256", "ec-2"), claims(map[string]any{"jti": nil, "sub": "bot-1", "baton_role": "bot"}), es256(ec2)),
		"valid-eddsa":               validEd,
		"valid-es256-high-s":        token(header("ES256", "ec-1"), claims(nil), es256HighS(ec1)),
		"eddsa-without-kid":         token(header("EdDSA", ""), claims(nil), edDSA(ed1)),
		"es256-without-kid":         token(header("ES256", ""), claims(nil), es256(ec1)),
		"expired":                   token(header("ES256", "ec-1"), claims(map[string]any{"exp": now - skew - 1}), es256(ec1)),
		"expired-within-skew":       token(header("ES256", "ec-1"), claims(map[string]any{"exp": now - skew + 1}), es256(ec1)),
		"not-yet-valid":             token(header("ES256", "ec-1"), claims(map[string]any{"nbf": now + skew + 1}), es256(ec1)),
		"not-yet-valid-within-skew": token(header("ES256", "ec-1"), claims(map[string]any{"nbf": now + skew - 1}), es256(ec1)),
		"wrong-issuer":              token(header("ES256", "ec-1"), claims(map[string]any{"iss": "https://evil.test/"}), es256(ec1)),
		"missing-issuer":            token(header("ES256", "ec-1"), claims(map[string]any{"iss": nil}), es256(ec1)),
		"wrong-audience":            token(header("ES256", "ec-1"), claims(map[string]any{"aud": "another-service"}), es256(ec1)),
		"audience-array-containing": token(header("ES256", "ec-1"), claims(map[string]any{"aud": []string{"another-service", audience}}), es256(ec1)),
		"audience-array-without":    token(header("ES256", "ec-1"), claims(map[string]any{"aud": []string{"a", "b"}}), es256(ec1)),
		"tampered-payload":          forged,
		"tampered-signature-es256":  flipSignatureBit(valid),
		"tampered-signature-eddsa":  flipSignatureBit(validEd),
		"es256-der-signature":       token(header("ES256", "ec-1"), claims(nil), es256DER(ec1)),
		"alg-none":                  token(header("none", "ec-1"), claims(nil), unsigned),
		"alg-none-with-signature":   token(header("none", "ec-1"), claims(nil), func([]byte) []byte { return []byte("x") }),
		"hs256-ec-x-as-secret":      token(header("HS256", "ec-1"), claims(nil), hs256(ec1.X.FillBytes(make([]byte, 32)))),
		"rs256-rsa-key":             token(header("RS256", "rsa-1"), claims(nil), rs256(rsa1)),
		"es256-header-on-eddsa-kid": token(header("ES256", "ed-1"), claims(nil), es256(ec1)),
		"eddsa-header-on-es256-kid": token(header("EdDSA", "ec-1"), claims(nil), edDSA(ed1)),
		"unknown-kid":               token(header("ES256", "ec-9"), claims(nil), es256(ec1)),
		"signed-by-other-ec-key":    token(header("ES256", "ec-1"), claims(nil), es256(ec2)),
		"missing-exp":               token(header("ES256", "ec-1"), claims(map[string]any{"exp": nil}), es256(ec1)),
		"exp-as-string":             token(header("ES256", "ec-1"), claims(map[string]any{"exp": "1800003600"}), es256(ec1)),
		"missing-sub":               token(header("ES256", "ec-1"), claims(map[string]any{"sub": nil}), es256(ec1)),
		"missing-tenant":            token(header("ES256", "ec-1"), claims(map[string]any{"baton_tenant": nil}), es256(ec1)),
		"empty-tenant":              token(header("ES256", "ec-1"), claims(map[string]any{"baton_tenant": ""}), es256(ec1)),
		"missing-role":              token(header("ES256", "ec-1"), claims(map[string]any{"baton_role": nil}), es256(ec1)),
		"role-not-a-role":           token(header("ES256", "ec-1"), claims(map[string]any{"baton_role": "superuser"}), es256(ec1)),
		"role-not-a-string":         token(header("ES256", "ec-1"), claims(map[string]any{"baton_role": []string{"admin"}}), es256(ec1)),
		"duplicate-role-claim":      token(header("ES256", "ec-1"), []byte(`{"iss":"`+issuer+`","aud":"`+audience+`","sub":"agent-7","exp":1800003600,"baton_tenant":"acme","baton_role":"agent","baton_role":"admin"}`), es256(ec1)),
		"claims-not-an-object":      token(header("ES256", "ec-1"), []byte(`["acme"]`), es256(ec1)),
		"header-with-crit":          token(map[string]any{"alg": "ES256", "kid": "ec-1", "crit": []string{"exp"}}, claims(nil), es256(ec1)),
	}
	document := map[string]any{"now": now, "issuer": issuer, "audience": audience, "tokens": tokens}

	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	write := func(name string, v any) {
		data, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*out, name), append(data, '\n'), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	write("jwks.json", jwks)
	write("tokens.json", document)
}

// flipSignatureBit returns token with one bit of its signature changed.
func flipSignatureBit(token string) string {
	parts := splitDots(token)
	sig, err := b64.DecodeString(parts[2])
	if err != nil {
		log.Fatal(err)
	}
	sig[10] ^= 1
	return parts[0] + "." + parts[1] + "." + b64.EncodeToString(sig)
}

func splitDots(s string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}
