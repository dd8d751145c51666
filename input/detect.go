package input

import (
	"bytes"
)

// kind is a format, as told by sniff.
type kind uint8

const (
	kindText  kind = iota // UTF-8 plain text, the first paragraph the headline
	kindHTML              // a web page
	kindFeed              // RSS, Atom, RDF or JSON Feed
	kindWARC              // a web archive, read record by record
	kindJSONL             // one JSON article a line, read line by line
	kindARC               // the older web archive format, refused
)

// formats reads the kinds that are read whole; WARC and JSONL are streams (see stream).
var formats = map[kind]format{
	kindText: plainText,
	kindHTML: htmlPage,
	kindFeed: feed,
}

// isGzip reports whether head begins with the gzip magic number.
func isGzip(head []byte) bool { return len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b }

// sniff chooses the kind of an input from its first bytes (head, already decompressed) and
// its extension ext (lower case, ".gz" removed). What the content says comes first: a WARC
// version line, an HTML doctype or <html>, an XML declaration or root naming a feed, a JSON
// object. The extension decides only what the content leaves open, so a page saved as .txt is
// still read as HTML, and a .txt file that happens to begin with "{" is still plain text.
func sniff(ext string, head []byte) kind {
	if bytes.HasPrefix(head, []byte("WARC/1.")) {
		return kindWARC
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte(bom)), " \t\r\n\f")
	if bytes.HasPrefix(h, []byte("filedesc://")) {
		return kindARC
	}
	// Every test of the lower-cased head below wants it to open with '<' or '{', so plain
	// text, nearly every input, is not lower-cased at all.
	var lower []byte
	if len(h) > 0 && (h[0] == '<' || h[0] == '{') {
		lower = bytes.ToLower(h[:min(len(h), 2048)])
	}
	switch {
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")):
		return kindHTML
	case bytes.HasPrefix(lower, []byte("<?xml")), bytes.HasPrefix(lower, []byte("<rss")),
		bytes.HasPrefix(lower, []byte("<feed")), bytes.HasPrefix(lower, []byte("<rdf:rdf")):
		if k, ok := xmlRoot(lower); ok {
			return k
		}
	case bytes.HasPrefix(lower, []byte("{")):
		if bytes.Contains(lower, []byte("jsonfeed.org/version")) {
			return kindFeed
		}
		if ext != ".txt" && ext != ".text" {
			return kindJSONL
		}
	}
	switch ext {
	case ".html", ".htm", ".xhtml", ".shtml":
		return kindHTML
	case ".xml", ".rss", ".atom":
		return kindFeed
	case ".json":
		return kindFeed // a JSON Feed whose version field is not near its start
	case ".jsonl", ".ndjson":
		return kindJSONL
	case ".warc":
		return kindWARC
	case ".txt", ".text":
		return kindText
	}
	// Markup without a doctype, such as a page that opens with a comment.
	if bytes.HasPrefix(lower, []byte("<")) && (bytes.Contains(lower, []byte("<html")) ||
		bytes.Contains(lower, []byte("<body")) || bytes.Contains(lower, []byte("<head"))) {
		return kindHTML
	}
	return kindText
}

// xmlRoot finds the root element of an XML document from its lower-cased head: a feed root
// (rss, feed, rdf:rdf) or html (XHTML).
func xmlRoot(lower []byte) (kind, bool) {
	for len(lower) > 0 {
		i := bytes.IndexByte(lower, '<')
		if i < 0 || i+1 >= len(lower) {
			return 0, false
		}
		lower = lower[i+1:]
		switch lower[0] {
		case '?', '!': // declaration, processing instruction, comment, doctype
			continue
		}
		switch {
		case bytes.HasPrefix(lower, []byte("rss")), bytes.HasPrefix(lower, []byte("feed")),
			bytes.HasPrefix(lower, []byte("rdf:rdf")):
			return kindFeed, true
		case bytes.HasPrefix(lower, []byte("html")):
			return kindHTML, true
		}
		return kindFeed, true // some other XML: the feed parser says what is wrong with it
	}
	return 0, false
}
