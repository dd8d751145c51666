package timex

import (
	"strings"
	"testing"
)

// newsText is a news-like article of about 6 KB, written for the benchmark.
var newsText = func() string {
	para := `WASHINGTON (Reuters) - The Senate voted on Thursday to extend the program for two years, ` +
		`officials said, a week after the House passed a similar bill. "We have waited since January," ` +
		`said Sen. Maria Lopez, who first proposed the measure in July 2014. The vote came at 3:30 p.m. ` +
		`EST, hours before the deadline. Last year, Congress let the program lapse for several months, ` +
		`and the agency said it had lost some 2,000 employees by the end of the third quarter. ` +
		`Spending rose 4% annually over the past decade, and the budget office expects it to grow ` +
		`again next year. The bill, which will take effect Oct. 1, also requires quarterly reports. ` +
		`Critics recently said the changes, first discussed in the 1990s, would cost $1.2 billion ` +
		`a year. "Now is the time," Lopez said Wednesday morning. A final vote is expected next week.` + "\n\n"
	var b strings.Builder
	for b.Len() < 6000 {
		b.WriteString(para)
	}
	return b.String()
}()

func BenchmarkTag(b *testing.B) {
	tg := New()
	b.SetBytes(int64(len(newsText)))
	b.ReportAllocs()
	for b.Loop() {
		tg.Tag(newsText, ref)
	}
}
