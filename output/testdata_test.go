package output

// testArticle is an article written for the tests (not taken from any outlet), with
// characters that JSON escapes: quotes, a backslash, <, > and &, a tab and a line separator.
const testArticle = "Mayor: ‘The <bridge> will open in May’\n\n" +
	"Eastport Mayor Jane Alder said on Tuesday that the new bridge would open in May, two months late.\n\n" +
	"“We have learned a lot from this project,” Alder told reporters at city hall. \"Nobody wanted a delay & nobody\twill \\ get one.\"\n\n" +
	"Critics were not convinced. “This is the third date they have given us,\u2028” said Tom Reyes, a councillor.\n\n" +
	"According to a report by the city auditor, the project is 20 percent over budget. Alder did not confirm the figure.\n"
