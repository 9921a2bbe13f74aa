* Reads the golden .sav with GNU PSPP (Debian pspp). Run from the project root:
*   pspp -O box=ascii -O width=300 src/test/r/export/check_sav.sps
GET FILE='src/test/resources/estimation/export/responses.sav'.
DISPLAY DICTIONARY.
COMPUTE q20bytes = LENGTH(RTRIM(q20)).
LIST response_id weight q1 age q9 q11 q11_1 q11_14 income q20bytes.
