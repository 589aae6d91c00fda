// Command tlog-verify checks a transparency log served in the C2SP
// tlog-tiles layout with nothing but Go's golang.org/x/mod/sumdb/note and
// golang.org/x/mod/sumdb/tlog: it shares no code with Baton, so a bug in
// Baton's AuditCore cannot hide itself from it.
//
// # README
//
// Build (offline, from Debian's golang-go and golang-golang-x-mod-dev):
//
//	tmp=$(mktemp -d)
//	GO111MODULE=off GOPATH=$tmp:/usr/share/gocode go build -o tlog-verify ./Tools/tlog-verify
//
// Run:
//
//	tlog-verify -url http://127.0.0.1:8080/log -origin audit.baton.example/acme \
//	    -key 'audit.baton.example/acme+1a2b3c4d+AQ...' [-key <rotated key>] \
//	    [-earlier last-checkpoint] [-save last-checkpoint]
//
// It fetches <url>/checkpoint and opens it with note.Open against the -key
// verifier keys (several may be given while a log's key rotates: one known
// signature is enough, unknown ones are ignored), checks the origin line, then
//
//   - with -earlier, opens that earlier checkpoint the same way and checks
//     that the new tree is an append-only extension of it: tlog.ProveTree over
//     a tlog.TileHashReader of the new tree, then tlog.CheckTree (a smaller
//     tree, or different roots at the same size, fail at once);
//   - fetches every entry bundle (<url>/tile/entries/...), recomputes each
//     entry's record hash (SHA-256 of 0x00 || entry) and checks its inclusion
//     in the new tree with tlog.ProveRecord / tlog.CheckRecord, the hashes
//     coming from the tiles (<url>/tile/<L>/...).
//
// Every proof is checked against the signed roots by tlog.CheckRecord and
// tlog.CheckTree, which is what makes the result trustworthy: TileHashReader
// also authenticates tiles against the root, but in x/mod 0.7.0 it skips the
// parent check of some tiles (its loop starts at len(stx), the number of root
// subtrees, not at the number of distinct tiles holding them), so a tampered
// tile shows up here as "entry N FAILED: tlog.CheckRecord" rather than as
// "downloaded inconsistent tile".
//
// It prints one line per finding ("checkpoint ok", "consistency FAILED: ...",
// "entry 12 FAILED: ...") and exits 1 if anything failed, 2 on bad usage.
// With -save, the new checkpoint is written to that file, only if every check
// passed, so that the next run checks consistency against it.
//
// Paths follow c2sp.org/tlog-tiles: tile/<L>/<N>[.p/<W>] with N written in
// three-digit groups, all but the last prefixed with "x" (1234067 is
// x001/x234/067); entry bundles are sequences of big-endian uint16
// length-prefixed entries. (Go's own tlog.Tile.Path is the older sumdb layout
// with the tile height in the path, so the paths are written here.)
package main

import (
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const tileHeight = 8

type keyList []string

func (k *keyList) String() string     { return strings.Join(*k, ",") }
func (k *keyList) Set(v string) error { *k = append(*k, v); return nil }

var failures int

func finding(ok bool, format string, args ...interface{}) {
	if !ok {
		failures++
	}
	fmt.Printf(format+"\n", args...)
}

func main() {
	var keys keyList
	url := flag.String("url", "", "base URL of the tlog-tiles endpoint")
	origin := flag.String("origin", "", "the log's origin line")
	earlier := flag.String("earlier", "", "file holding an earlier checkpoint (signed note) to check consistency with")
	save := flag.String("save", "", "file to write the new checkpoint to when every check passes")
	flag.Var(&keys, "key", "verifier key (repeat for several)")
	flag.Parse()
	if *url == "" || *origin == "" || len(keys) == 0 || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: tlog-verify -url URL -origin ORIGIN -key VKEY [-key VKEY] [-earlier FILE] [-save FILE]")
		os.Exit(2)
	}
	var verifiers []note.Verifier
	for _, k := range keys {
		v, err := note.NewVerifier(k)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bad verifier key %q: %v\n", k, err)
			os.Exit(2)
		}
		verifiers = append(verifiers, v)
	}
	known := note.VerifierList(verifiers...)
	fetcher := &fetcher{base: strings.TrimSuffix(*url, "/"), client: &http.Client{Timeout: 30 * time.Second}}

	raw, err := fetcher.get("checkpoint")
	if err != nil {
		finding(false, "checkpoint FAILED: %v", err)
		os.Exit(1)
	}
	tree, err := openCheckpoint(raw, known, *origin)
	if err != nil {
		finding(false, "checkpoint FAILED: %v", err)
		os.Exit(1)
	}
	finding(true, "checkpoint ok: %s size %d root %s", *origin, tree.N, tree.Hash)

	reader := tlog.TileHashReader(tree, &tileReader{fetcher: fetcher})

	if *earlier != "" {
		checkConsistency(*earlier, known, *origin, tree, reader)
	}
	checkEntries(fetcher, tree, reader)

	if failures > 0 {
		fmt.Printf("%d check(s) FAILED\n", failures)
		os.Exit(1)
	}
	if *save != "" {
		if err := os.WriteFile(*save, raw, 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "writing %s: %v\n", *save, err)
			os.Exit(1)
		}
		fmt.Printf("saved checkpoint to %s\n", *save)
	}
}

// openCheckpoint opens a signed checkpoint and parses its body: origin, tree
// size in decimal, base64 root, then optional non-empty extension lines.
func openCheckpoint(raw []byte, known note.Verifiers, origin string) (tlog.Tree, error) {
	n, err := note.Open(raw, known)
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("note.Open: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	// The text ends in a newline, so the last element is empty.
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		return tlog.Tree{}, errors.New("checkpoint body has fewer than three lines")
	}
	lines = lines[:len(lines)-1]
	for _, l := range lines {
		if l == "" {
			return tlog.Tree{}, errors.New("checkpoint body has an empty line")
		}
	}
	if lines[0] != origin {
		return tlog.Tree{}, fmt.Errorf("origin %q, expected %q", lines[0], origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return tlog.Tree{}, fmt.Errorf("bad tree size %q", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return tlog.Tree{}, fmt.Errorf("bad root hash %q", lines[2])
	}
	var tree tlog.Tree
	tree.N = size
	copy(tree.Hash[:], root)
	if size == 0 {
		// RFC 6962's empty root is SHA-256 of nothing; tlog's TreeHash(0) is zero.
		if tlog.Hash(sha256Empty()) != tree.Hash {
			return tlog.Tree{}, errors.New("empty tree with a root other than SHA-256 of nothing")
		}
	}
	return tree, nil
}

func sha256Empty() [32]byte {
	h, _ := tlog.ParseHash("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
	return h
}

func checkConsistency(file string, known note.Verifiers, origin string, tree tlog.Tree, reader tlog.HashReader) {
	raw, err := os.ReadFile(file)
	if err != nil {
		finding(false, "consistency FAILED: reading the earlier checkpoint: %v", err)
		return
	}
	old, err := openCheckpoint(raw, known, origin)
	if err != nil {
		finding(false, "consistency FAILED: earlier checkpoint: %v", err)
		return
	}
	switch {
	case old.N > tree.N:
		finding(false, "consistency FAILED: the tree shrank from %d to %d", old.N, tree.N)
	case old.N == 0:
		finding(true, "consistency ok: 0 -> %d (nothing to prove from an empty tree)", tree.N)
	case old.N == tree.N:
		finding(old.Hash == tree.Hash, "consistency %s: same size %d, roots %s and %s",
			okOrFailed(old.Hash == tree.Hash), tree.N, old.Hash, tree.Hash)
	default:
		proof, err := tlog.ProveTree(tree.N, old.N, reader)
		if err != nil {
			finding(false, "consistency FAILED: %d -> %d: tlog.ProveTree: %v", old.N, tree.N, err)
			return
		}
		if err := tlog.CheckTree(proof, tree.N, tree.Hash, old.N, old.Hash); err != nil {
			finding(false, "consistency FAILED: %d -> %d: tlog.CheckTree: %v", old.N, tree.N, err)
			return
		}
		finding(true, "consistency ok: %d -> %d", old.N, tree.N)
	}
}

func okOrFailed(ok bool) string {
	if ok {
		return "ok"
	}
	return "FAILED"
}

func checkEntries(f *fetcher, tree tlog.Tree, reader tlog.HashReader) {
	checked := 0
	for start := int64(0); start < tree.N; start += 1 << tileHeight {
		width := tree.N - start
		if width > 1<<tileHeight {
			width = 1 << tileHeight
		}
		path := "tile/entries/" + indexPath(start>>tileHeight) + partial(width)
		data, err := f.get(path)
		if err != nil {
			finding(false, "entries FAILED: %v", err)
			continue
		}
		entries, err := parseBundle(data)
		if err != nil {
			finding(false, "entries FAILED: %s: %v", path, err)
			continue
		}
		if int64(len(entries)) != width {
			finding(false, "entries FAILED: %s holds %d entries, want %d", path, len(entries), width)
			continue
		}
		for i, entry := range entries {
			index := start + int64(i)
			proof, err := tlog.ProveRecord(tree.N, index, reader)
			if err != nil {
				finding(false, "entry %d FAILED: tlog.ProveRecord: %v", index, err)
				continue
			}
			if err := tlog.CheckRecord(proof, tree.N, tree.Hash, index, tlog.RecordHash(entry)); err != nil {
				finding(false, "entry %d FAILED: tlog.CheckRecord: %v", index, err)
				continue
			}
			checked++
		}
	}
	finding(checked == int(tree.N), "inclusion %s: %d of %d entries proved in the tree of %d",
		okOrFailed(checked == int(tree.N)), checked, tree.N, tree.N)
}

// parseBundle splits an entry bundle: big-endian uint16 length, then the entry.
func parseBundle(data []byte) ([][]byte, error) {
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			return nil, errors.New("truncated length")
		}
		n := int(data[0])<<8 | int(data[1])
		data = data[2:]
		if len(data) < n {
			return nil, fmt.Errorf("entry %d truncated", len(entries))
		}
		entries = append(entries, data[:n])
		data = data[n:]
	}
	return entries, nil
}

// indexPath writes N as three-digit groups, all but the last prefixed with "x".
func indexPath(n int64) string {
	s := fmt.Sprintf("%03d", n%1000)
	for n >= 1000 {
		n /= 1000
		s = fmt.Sprintf("x%03d/%s", n%1000, s)
	}
	return s
}

func partial(width int64) string {
	if width == 1<<tileHeight {
		return ""
	}
	return fmt.Sprintf(".p/%d", width)
}

type fetcher struct {
	base   string
	client *http.Client
}

func (f *fetcher) get(path string) ([]byte, error) {
	resp, err := f.client.Get(f.base + "/" + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return body, nil
}

// tileReader serves tlog's TileHashReader from the C2SP paths, fetching each
// tile once. Caching a tile that turns out to be wrong is harmless: every
// proof built from it is checked against a signed root before it counts.
type tileReader struct {
	fetcher *fetcher
	cache   map[tlog.Tile][]byte
}

func (r *tileReader) Height() int { return tileHeight }

func (r *tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	if r.cache == nil {
		r.cache = make(map[tlog.Tile][]byte)
	}
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		if data, ok := r.cache[t]; ok {
			out[i] = data
			continue
		}
		if t.L < 0 {
			return nil, fmt.Errorf("unexpected data tile %v", t)
		}
		path := fmt.Sprintf("tile/%d/%s%s", t.L, indexPath(t.N), partial(int64(t.W)))
		data, err := r.fetcher.get(path)
		if err != nil {
			return nil, err
		}
		if len(data) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("%s: %d bytes, want %d", path, len(data), t.W*tlog.HashSize)
		}
		r.cache[t] = data
		out[i] = data
	}
	return out, nil
}

func (r *tileReader) SaveTiles(tiles []tlog.Tile, data [][]byte) {}
