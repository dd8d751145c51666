package input

import (
	"bytes"
	"compress/gzip"
	"fmt"
)

// warcRecord is one record of a WARC written by makeWARC.
type warcRecord struct {
	typ, uri, date, contentType string
	block                       string
}

// httpResponse is an HTTP response as a crawler stores it in a WARC response record.
func httpResponse(status, contentType, body string) string {
	return fmt.Sprintf("HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", status, contentType, len(body), body)
}

// makeWARC writes records as a WARC/1.1 file; with gz, each record is its own gzip member,
// as crawlers write .warc.gz.
func makeWARC(gz bool, recs ...warcRecord) []byte {
	var out bytes.Buffer
	for i, r := range recs {
		var rec bytes.Buffer
		fmt.Fprintf(&rec, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\nWARC-Date: %s\r\n", r.typ, i, r.date)
		if r.uri != "" {
			fmt.Fprintf(&rec, "WARC-Target-URI: %s\r\n", r.uri)
		}
		fmt.Fprintf(&rec, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", r.contentType, len(r.block), r.block)
		if gz {
			zw := gzip.NewWriter(&out)
			zw.Write(rec.Bytes())
			zw.Close()
		} else {
			out.Write(rec.Bytes())
		}
	}
	return out.Bytes()
}

// gzipBytes compresses b as one gzip member.
func gzipBytes(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}
