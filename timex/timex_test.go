package timex

import (
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/document"
)

// ref is Thursday 30 March 2017, the reference date of the examples in the package brief.
var ref = time.Date(2017, 3, 30, 0, 0, 0, 0, time.UTC)

func TestTag(t *testing.T) {
	tests := []struct {
		text       string
		want, typ  string // expected text (substring relation either way) and value
		value      string
		unanchored bool // ref is zero
	}{
		{text: "He spoke on Thursday.", want: "Thursday", typ: Date, value: "2017-03-30"},
		{text: "He spoke Monday.", want: "Monday", typ: Date, value: "2017-03-27"},
		{text: "He spoke last Thursday.", want: "last Thursday", typ: Date, value: "2017-03-23"},
		{text: "They meet next Thursday.", want: "next Thursday", typ: Date, value: "2017-04-06"},
		{text: "It rose earlier this month.", want: "earlier this month", typ: Date, value: "2017-03"},
		{text: "It rose this month.", want: "this month", typ: Date, value: "2017-03"},
		{text: "It rose last month.", want: "last month", typ: Date, value: "2017-02"},
		{text: "It rose this week.", want: "this week", typ: Date, value: "2017-W13"},
		{text: "It rose last week.", want: "last week", typ: Date, value: "2017-W12"},
		{text: "It began in July last year.", want: "July last year", typ: Date, value: "2016-07"},
		{text: "It rose last year.", want: "last year", typ: Date, value: "2016"},
		{text: "It rose this year.", want: "this year", typ: Date, value: "2017"},
		{text: "It will rise next year.", want: "next year", typ: Date, value: "2018"},
		{text: "In January, he left.", want: "January", typ: Date, value: "2017-01"},
		{text: "He left in July.", want: "July", typ: Date, value: "2016-07"},
		{text: "He left in July 2014.", want: "July 2014", typ: Date, value: "2014-07"},
		{text: "It happened on March 30, 2017.", want: "March 30, 2017", typ: Date, value: "2017-03-30"},
		{text: "It happened on 30 March 2017.", want: "30 March 2017", typ: Date, value: "2017-03-30"},
		{text: "It happened on Sept. 11 in New York.", want: "Sept. 11", typ: Date, value: "2016-09-11"},
		{text: "Music of the 1960s was loud.", want: "the 1960s", typ: Date, value: "196X"},
		{text: "Music of the '90s was loud.", want: "'90s", typ: Date, value: "199X"},
		{text: "Sales fell in 2016, it said.", want: "2016", typ: Date, value: "2016"},
		{text: "He said today that", want: "today", typ: Date, value: "2017-03-30"},
		{text: "He said yesterday that", want: "yesterday", typ: Date, value: "2017-03-29"},
		{text: "He will say tomorrow that", want: "tomorrow", typ: Date, value: "2017-03-31"},
		{text: "He will speak tonight.", want: "tonight", typ: Time, value: "2017-03-30TNI"},
		{text: "He spoke Thursday morning.", want: "Thursday morning", typ: Time, value: "2017-03-30TMO"},
		{text: "It is now clear.", want: "now", typ: Date, value: "PRESENT_REF"},
		{text: "It is currently unclear.", want: "currently", typ: Date, value: "PRESENT_REF"},
		{text: "He recently left.", want: "recently", typ: Date, value: "PAST_REF"},
		{text: "As in the past, he left.", want: "the past", typ: Date, value: "PAST_REF"},
		{text: "We look to the future.", want: "the future", typ: Date, value: "FUTURE_REF"},
		{text: "It took a month to build.", want: "a month", typ: Duration, value: "P1M"},
		{text: "It took two years to build.", want: "two years", typ: Duration, value: "P2Y"},
		{text: "It took three days to build.", want: "three days", typ: Duration, value: "P3D"},
		{text: "It took several months to build.", want: "several months", typ: Duration, value: "PXM"},
		{text: "It took decades to build.", want: "decades", typ: Duration, value: "PXDE"},
		{text: "It took 24 hours to build.", want: "24 hours", typ: Duration, value: "PT24H"},
		{text: "They meet every week.", want: "every week", typ: Set, value: "P1W"},
		{text: "They meet weekly.", want: "weekly", typ: Set, value: "P1W"},
		{text: "They meet each year.", want: "each year", typ: Set, value: "P1Y"},
		{text: "They meet annually.", want: "annually", typ: Set, value: "P1Y"},
		{text: "They meet every Thursday.", want: "every Thursday", typ: Set, value: "XXXX-WXX-4"},
		{text: "It rained last summer.", want: "last summer", typ: Date, value: "2016-SU"},
		{text: "It will rain this fall.", want: "this fall", typ: Date, value: "2017-FA"},
		{text: "Profit rose in the first quarter.", want: "the first quarter", typ: Date, value: "2017-Q1"},
		{text: "Profit rose in third-quarter trading.", want: "third-quarter", typ: Date, value: "2016-Q3"},
		{text: "It was built in the 20th century.", want: "the 20th century", typ: Date, value: "19"},
		{text: "It was built a decade ago.", want: "a decade ago", typ: Date, value: "2007"},
		{text: "It was built five years ago.", want: "five years ago", typ: Date, value: "2012"},
		{text: "He spoke at 3 p.m. in Paris.", want: "3 p.m.", typ: Time, value: "2017-03-30T15:00"},
		{text: "He spoke at 3:30pm in Paris.", want: "3:30pm", typ: Time, value: "2017-03-30T15:30"},
		{text: "He spoke at 10 p.m. Wednesday.", want: "10 p.m. Wednesday", typ: Time, value: "2017-03-29T22:00"},
		{text: "Results came a year earlier.", want: "a year earlier", typ: Date, value: "2016"},
		{text: "Profit fell to $5 million from $9 million a year ago.", want: "a year ago", typ: Date, value: "2016"},
		{text: "It lived in camps for 2 1/2 years.", want: "2 1/2 years", typ: Duration, value: "P2Y6M"},
		{text: "It took a year and a half.", want: "a year and a half", typ: Duration, value: "P1Y6M"},
		{text: "Three days later, he left.", want: "Three days", typ: Duration, value: "P3D"},
		{text: "It spent about five hours there.", want: "five hours", typ: Duration, value: "PT5H"},
		{text: "The deal should close by year end.", want: "year end", typ: Date, value: "2017"},
		{text: "He was found on Thanksgiving Day.", want: "Thanksgiving Day", typ: Date, value: "2016-11-24"},
		{text: "They met last Christmas.", want: "last Christmas", typ: Date, value: "2016-12-25"},
		{text: "He left in June 2014 and returned later that year.", want: "later that year", typ: Date, value: "2014"},
		{text: "Talks are set to resume Monday.", want: "Monday", typ: Date, value: "2017-04-03"},
		{text: "The team planned to leave on Friday.", want: "Friday", typ: Date, value: "2017-03-31"},
		{text: "It had been due to expire Friday.", want: "Friday", typ: Date, value: "2017-03-24"},
		{text: "Charges were taken in the 1988 second quarter.", want: "the 1988 second quarter", typ: Date, value: "1988-Q2"},
		{text: "He spoke on Thursday.", want: "Thursday", typ: Date, value: "XXXX-WXX-4", unanchored: true},
		{text: "He left in July.", want: "July", typ: Date, value: "XXXX-07", unanchored: true},
		{text: "It happened on Sept. 11.", want: "Sept. 11", typ: Date, value: "XXXX-09-11", unanchored: true},
		{text: "It rose last year.", want: "last year", typ: Date, value: "XXXX", unanchored: true},
		{text: "It took two years.", want: "two years", typ: Duration, value: "P2Y", unanchored: true},
	}
	tg := New()
	for _, tc := range tests {
		r := ref
		if tc.unanchored {
			r = time.Time{}
		}
		got := tg.Tag(tc.text, r)
		found := false
		for _, x := range got {
			s := tc.text[x.Start:x.End]
			if strings.Contains(s, tc.want) || strings.Contains(tc.want, s) {
				found = true
				if x.Value != tc.value || x.Type != tc.typ {
					t.Errorf("Tag(%q): %q = %s %s, want %s %s", tc.text, s, x.Type, x.Value, tc.typ, tc.value)
				}
			}
		}
		if !found {
			t.Errorf("Tag(%q) = %v, want %q", tc.text, got, tc.want)
		}
	}
}

// TestNotTimex lists text that must not be tagged: modal "May", the verb "march", weekday-like
// words, counts and money that look like years.
func TestNotTimex(t *testing.T) {
	for _, text := range []string{
		"May I ask a question?",
		"He may go there.",
		"They march to the square.",
		"The Sun rose over Mobile.",
		"Some 2,000 people gathered.",
		"It cost $2016 to fix.",
		"About 2000 people came.",
		"Flight 1990 landed.",
		"The 6-year-old boy smiled.",
		"He is 52 years old.",
		"Prices fall sharply.",
		"It pays $1.76 a year.",
		"Nearly three-quarters of voters agreed.",
		"Sales rose 8.5% annually.",
		"The Election was close.",
	} {
		if got := New().Tag(text, ref); len(got) != 0 {
			for _, x := range got {
				t.Errorf("Tag(%q) tagged %q as %s %s", text, text[x.Start:x.End], x.Type, x.Value)
			}
		}
	}
}

// TestFutureCue checks that a forward-pointing sentence resolves dates forwards.
func TestFutureCue(t *testing.T) {
	tests := []struct{ text, value string }{
		{"The dividend is payable Dec. 15 to holders.", "2017-12-15"},
		{"The talks will resume Friday.", "2017-03-31"},
		{"The deadline is April 12.", "2017-04-12"}, // within weeks ahead: forwards
		{"He left on April 12.", "2017-04-12"},
		{"He left on Dec. 15.", "2016-12-15"},
		{"Sales rose through Oct. 19.", "2016-10-19"},              // "through" looks back as often as ahead
		{"Daniel P. Smith will succeed him Feb. 1.", "2018-02-01"}, // an initial ends no sentence
	}
	tg := New()
	for _, tc := range tests {
		got := tg.Tag(tc.text, ref)
		if len(got) != 1 || got[0].Value != tc.value {
			t.Errorf("Tag(%q) = %v, want value %s", tc.text, got, tc.value)
		}
	}
}

// validate asserts the Tag contract: spans in order, non-overlapping, within bounds, on
// rune boundaries, non-empty, with a value and a known type.
func validate(t testing.TB, text string, tg *Tagger, r time.Time) {
	// Rune boundaries as range decodes them: an invalid byte is a rune of its own.
	boundary := make([]bool, len(text)+1)
	for i := range text {
		boundary[i] = true
	}
	boundary[len(text)] = true
	prev := 0
	for _, x := range tg.Tag(text, r) {
		switch {
		case x.Start < prev || x.End <= x.Start || x.End > len(text):
			t.Fatalf("bad span %v (previous end %d, len %d) in %q", x.Span, prev, len(text), text)
		case !boundary[x.Start] || !boundary[x.End]:
			t.Fatalf("span %v not on rune boundaries in %q", x.Span, text)
		case x.Value == "" || x.Type == "":
			t.Fatalf("empty value or type for %q in %q", text[x.Start:x.End], text)
		}
		switch x.Type {
		case Date, Time, Duration, Set:
		default:
			t.Fatalf("bad type %q", x.Type)
		}
		prev = x.End
	}
}

func TestContract(t *testing.T) {
	tg := New()
	for _, r := range []time.Time{ref, {}} {
		validate(t, newsText, tg, r)
		validate(t, "", tg, r)
		validate(t, "’90s – Sept.", tg, r)
	}
}

func FuzzTag(f *testing.F) {
	for _, s := range []string{
		"On Thursday, March 30, 2017, at 3:30 p.m. EST",
		"the '90s and the 1960s, last summer, a year earlier",
		"Sept. 11 Jan. May 5 1999 nineteen ninety-six",
		"\xff\xfe 2016\u2019s 10 p.m. Wednesday, Nov. 6",
		"the year-earlier third quarter; fiscal 1990 first half",
		"every Tuesday nights, twenty-four hours, the past few years",
	} {
		f.Add(s, int64(1490832000))
	}
	tg := New()
	f.Fuzz(func(t *testing.T, text string, sec int64) {
		r := time.Unix(sec%(1<<34), 0).UTC()
		if sec%7 == 0 {
			r = time.Time{}
		}
		validate(t, text, tg, r)
	})
}

// TestAppendTags checks that AppendTags appends what Tag returns after dst's own values, in
// dst's array when it has room, and returns dst as it is for a text without expressions.
func TestAppendTags(t *testing.T) {
	tg := New()
	text := "On Tuesday the council met; by March 2025 the bridge opens."
	want := tg.Tag(text, ref)
	if len(want) != 2 {
		t.Fatalf("Tag(%q) = %v, want 2 expressions", text, want)
	}
	dst := make([]document.Timex, 1, 8)
	dst[0].Value = "kept"
	got := tg.AppendTags(dst, text, ref)
	if len(got) != 3 || got[0].Value != "kept" || got[1] != want[0] || got[2] != want[1] {
		t.Fatalf("AppendTags = %v, want [kept] then %v", got, want)
	}
	if &got[0] != &dst[0] {
		t.Error("AppendTags did not append in dst's array, which had room")
	}
	if none := tg.AppendTags(dst[:1], "No date here.", ref); len(none) != 1 || &none[0] != &dst[0] {
		t.Errorf("AppendTags without expressions = %v, want dst as it is", none)
	}
	if tg.Tag("No date here.", ref) != nil {
		t.Error("Tag without expressions is not nil")
	}
}
