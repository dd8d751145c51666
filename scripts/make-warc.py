#!/usr/bin/env python3
"""make-warc.py — write a large WARC of HTML response records for whosaid's memory benchmark.

Usage: scripts/make-warc.py HTML_DIR OUT.warc SIZE_MB

Cycles over the .html files (gzipped ones too) in HTML_DIR, writing each as a WARC/1.0
response record with an HTTP header and a distinct target URI, until OUT.warc holds SIZE_MB
megabytes. The pages stay outside the repository; only this generator is in it.
"""
import gzip, os, sys, uuid, datetime

def main():
    src, out, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pages = []
    for name in sorted(os.listdir(src)):
        p = os.path.join(src, name)
        if name.endswith('.gz'):
            pages.append(gzip.open(p).read())
        elif name.endswith(('.html', '.htm')):
            pages.append(open(p, 'rb').read())
    if not pages:
        sys.exit('make-warc: no .html pages in ' + src)
    limit, n = size_mb << 20, 0
    date = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
    with open(out, 'wb') as w:
        while w.tell() < limit:
            body = pages[n % len(pages)]
            http = (b'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: '
                    + str(len(body)).encode() + b'\r\n\r\n' + body)
            head = ('WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\n'
                    'WARC-Date: %s\r\nWARC-Target-URI: https://news.example/%d\r\n'
                    'Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n'
                    % (uuid.UUID(int=n), (date + datetime.timedelta(minutes=n)).strftime('%Y-%m-%dT%H:%M:%SZ'),
                       n, len(http))).encode()
            w.write(head + http + b'\r\n\r\n')
            n += 1
    print(f'make-warc: {n} records, {os.path.getsize(out) >> 20} MB in {out}')

main()
