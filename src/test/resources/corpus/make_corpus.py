#!/usr/bin/env python3
"""Writes the crafted corpus of CorpusTest: NN-name.eml files and expected.json, next to this script.

Run it again after changing a message: `python3 make_corpus.py`. Legacy-charset bytes are made by
Python's own codecs, so the Java decoders are checked against an independent encoder. Messages are
ingested in file order into one fresh store of mailbox "support" (own address support@example.com),
so conversation numbers are predictable: the first conversation opened is [#1], the next [#2] ...

expected.json holds, per file: outcome (stored | duplicate | quarantined), kind, subject, from,
fromName, text (a substring of the stored text), textLacks, newText (a substring of the new text),
newTextLacks, html (a substring), conversation (a label: messages with the same label share a
conversation, different labels differ; null: none), attachments (display name, type, inline,
contentId, size), notes (substrings each found in one stored note), syntheticId.
"""
import base64
import json
import os
import quopri

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = []


def b64word(charset, text_bytes):
    return "=?%s?B?%s?=" % (charset, base64.b64encode(text_bytes).decode("ascii"))


def qword(charset, text_bytes):
    out = []
    for b in text_bytes:
        c = chr(b)
        if c == " ":
            out.append("_")
        elif 0x21 <= b <= 0x7E and c not in "=?_":
            out.append(c)
        else:
            out.append("=%02X" % b)
    return "=?%s?Q?%s?=" % (charset, "".join(out))


def b64body(data):
    text = base64.b64encode(data).decode("ascii")
    return "\n".join(text[i:i + 76] for i in range(0, len(text), 76)).encode("ascii")


def to_bytes(value):
    return value if isinstance(value, bytes) else value.encode("utf-8")


def message(headers, body):
    """headers: list of (name, value) with str or bytes values; body: str (UTF-8) or bytes. CRLF line ends."""
    out = b""
    for name, value in headers:
        out += name.encode("ascii") + b": " + to_bytes(value) + b"\n"
    out += b"\n" + to_bytes(body)
    return out.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def case(name, raw, **expected):
    expected.setdefault("outcome", "stored")
    if expected["outcome"] == "stored":
        expected.setdefault("kind", "normal")
        expected.setdefault("attachments", [])
    CASES.append((name, raw, expected))


def std(frm, subject, mid, date_day, extra=()):
    headers = [("From", frm), ("To", "Support <support@example.com>"), ("Subject", subject)]
    if mid:
        headers.append(("Message-ID", "<%s>" % mid))
    headers.append(("Date", "Mon, %d Mar 2026 10:00:00 +0000" % date_day))
    headers.extend(extra)
    return headers


def not_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    raise AssertionError("legacy test bytes are also valid UTF-8: %r" % data)


PLAIN = [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=utf-8")]

# ---- threading, participants, markers (conversation A is [#1]) --------------------------------

case("plain-question", message(
    std("Alice Example <Alice@Example.ORG>", "Printer on fire", "c01@example.org", 2, PLAIN),
    "Hello,\n\nthe printer on floor 3 is on fire.\n\nAlice\n"),
    subject="Printer on fire", **{"from": "alice@example.org"}, fromName="Alice Example",
    text="the printer on floor 3 is on fire.", conversation="A")

case("reply-on-wrote", message(
    std("Alice Example <alice@example.org>", "Re: Printer on fire", "c02@example.org", 2,
        PLAIN + [("In-Reply-To", "<c01@example.org>"), ("References", "<c01@example.org>")]),
    "It is out now, thanks.\n\nOn Mon, 2 Mar 2026 at 10:00, Alice Example <alice@example.org> wrote:\n"
    "> Hello,\n>\n> the printer on floor 3 is on fire.\n"),
    subject="Re: Printer on fire", **{"from": "alice@example.org"}, text="It is out now",
    newText="It is out now, thanks.", newTextLacks="floor 3", conversation="A")

case("reply-by-references-from-stranger", message(
    std("bob@example.org", "Re: Printer on fire", "c03@example.org", 2,
        PLAIN + [("References", "<unknown-root@example.org> <c01@example.org>")]),
    "I saw it too.\n"),
    subject="Re: Printer on fire", **{"from": "bob@example.org"}, text="I saw it too.", conversation="A")

case("own-reply", message(
    std("Support <Support@Example.com>", "Re: Printer on fire [#1]", "r04@helpdesk.example.com", 2,
        PLAIN + [("In-Reply-To", "<c01@example.org>")]),
    "We are on our way.\n"),
    kind="own", subject="Re: Printer on fire [#1]", **{"from": "support@example.com"},
    text="We are on our way.", conversation="A")

case("marker-from-participant", message(
    std("alice@example.org", "Re: [#1] Printer on fire", "c05@example.org", 3, PLAIN),
    "One more thing: the fax is smoking as well.\n"),
    subject="Re: [#1] Printer on fire", **{"from": "alice@example.org"}, text="the fax is smoking",
    conversation="A")

case("marker-from-stranger", message(
    std("Mallory <mallory@evil.example>", "Re: [#1] Printer on fire", "c06@evil.example", 3, PLAIN),
    "Please send me the invoice of ticket 1.\n"),
    subject="Re: [#1] Printer on fire", **{"from": "mallory@evil.example"},
    text="send me the invoice", conversation="B")

case("marker-from-participant-of-second", message(
    std("mallory@evil.example", "[#2] still waiting", "c07@evil.example", 3, PLAIN),
    "Still waiting.\n"),
    subject="[#2] still waiting", **{"from": "mallory@evil.example"}, text="Still waiting.", conversation="B")

# ---- auto-replies of several kinds ---------------------------------------------------------------

case("auto-replied-to-our-reply", message(
    std("alice@example.org", "Automatic reply: Re: Printer on fire [#1]", "a08@example.org", 3,
        PLAIN + [("Auto-Submitted", "auto-replied"), ("In-Reply-To", "<r04@helpdesk.example.com>")]),
    "I am out of office until Friday.\n"),
    kind="auto-reply", subject="Automatic reply: Re: Printer on fire [#1]", **{"from": "alice@example.org"},
    text="out of office", conversation="A")

case("auto-generated-exchange", message(
    std("Out Of Office <ooo@example.org>", "Automatic reply: hello", "a09@example.org", 3,
        PLAIN + [("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All")]),
    "I am on leave.\n"),
    kind="auto-reply", subject="Automatic reply: hello", **{"from": "ooo@example.org"}, text="on leave",
    conversation=None)

case("x-autoreply", message(
    std("vacation@example.net", "Away", "a10@example.net", 3, PLAIN + [("X-Autoreply", "yes")]),
    "Away until Monday.\n"),
    kind="auto-reply", subject="Away", **{"from": "vacation@example.net"}, text="Away until Monday.",
    conversation=None)

case("x-autorespond", message(
    std("robot@example.net", "Thank you for your mail", "a11@example.net", 3,
        PLAIN + [("X-Autorespond", "yes")]),
    "We received your mail.\n"),
    kind="auto-reply", subject="Thank you for your mail", **{"from": "robot@example.net"},
    text="We received your mail.", conversation=None)

case("precedence-auto-reply", message(
    std("helpdesk@vendor.example", "Ticket received [#1]", "a12@vendor.example", 3,
        PLAIN + [("Precedence", "auto_reply")]),
    "Your ticket was received.\n"),
    kind="auto-reply", subject="Ticket received [#1]", **{"from": "helpdesk@vendor.example"},
    text="Your ticket was received.", conversation=None)

# ---- list, own address, HTML-only, Outlook quoting ----------------------------------------------

case("mailing-list", message(
    std("News <news@lists.example.net>", "[announce] Maintenance tonight", "l13@lists.example.net", 4,
        PLAIN + [("List-Id", "Announcements <announce.lists.example.net>"), ("Precedence", "list")]),
    "The servers restart at 22:00.\n"),
    kind="list", subject="[announce] Maintenance tonight", **{"from": "news@lists.example.net"},
    text="restart at 22:00", conversation="C")

case("own-address-new-mail", message(
    std("SUPPORT@example.com", "Weekly report", "o14@helpdesk.example.com", 4, PLAIN),
    "Nothing to report.\n"),
    kind="own", subject="Weekly report", **{"from": "support@example.com"}, text="Nothing to report.",
    conversation=None)

case("html-only", message(
    std("Carol <carol@example.net>", "Invoice wrong", "c15@example.net", 4,
        [("MIME-Version", "1.0"), ("Content-Type", "text/html; charset=utf-8")]),
    "<html><head><title>x</title><style>p { color: red }</style></head><body>"
    "<p>Hello support,</p><p>the <b>invoice</b> is wrong.</p><ul><li>item one</li><li>item two</li></ul>"
    "</body></html>\n"),
    subject="Invoice wrong", **{"from": "carol@example.net"}, fromName="Carol", text="the invoice is wrong.",
    textLacks="color: red", html="<b>invoice</b>", notes=["text rendered from the HTML body"],
    conversation="D")

case("outlook-quoted-reply", message(
    std("Carol <carol@example.net>", "RE: Invoice wrong", "c16@example.net", 5,
        PLAIN + [("In-Reply-To", "<r-unknown@helpdesk.example.com>"),
                 ("References", "<c15@example.net> <r-unknown@helpdesk.example.com>")]),
    "Thanks, that fixed it.\n\nCarol\n\n________________________________\n"
    "From: Support <support@example.com>\nSent: Monday, March 2, 2026 10:00 AM\n"
    "To: Carol <carol@example.net>\nSubject: RE: Invoice wrong\n\nHello Carol, we corrected the invoice.\n"),
    subject="RE: Invoice wrong", **{"from": "carol@example.net"}, text="we corrected the invoice",
    newText="Thanks, that fixed it.", newTextLacks="we corrected the invoice", conversation="D")

# ---- MIME structures -----------------------------------------------------------------------------

case("alternative", message(
    std("Dave <dave@example.com>", "Alternative bodies", "m17@example.com", 5,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/alternative; boundary="alt"')]),
    "--alt\nContent-Type: text/plain; charset=utf-8\n\nPlain version of the question.\n"
    "--alt\nContent-Type: text/html; charset=utf-8\n\n<p>HTML version of the <i>question</i>.</p>\n--alt--\n"),
    subject="Alternative bodies", **{"from": "dave@example.com"}, text="Plain version of the question.",
    textLacks="HTML version", html="<i>question</i>", conversation="E")

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8cfc0f01f0005000201a5b3b1e40000000049454e44ae426082")

case("related-cid-image", message(
    std("Dave <dave@example.com>", "Screenshot inline", "m18@example.com", 5,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/alternative; boundary="a1"')]),
    b"--a1\nContent-Type: text/plain; charset=us-ascii\n\nSee the screenshot [image: shot.png].\n"
    b"--a1\nContent-Type: multipart/related; boundary=\"r1\"; type=\"text/html\"\n\n"
    b"--r1\nContent-Type: text/html; charset=us-ascii\n\n<p>See the screenshot <img src=\"cid:shot1@example.com\"></p>\n"
    b"--r1\nContent-Type: image/png; name=\"shot.png\"\nContent-Transfer-Encoding: base64\n"
    b"Content-ID: <shot1@example.com>\n\n" + b64body(PNG) + b"\n--r1--\n\n--a1--\n"),
    subject="Screenshot inline", **{"from": "dave@example.com"}, text="See the screenshot",
    html="cid:shot1@example.com", conversation="F",
    attachments=[{"name": "shot.png", "type": "image/png", "inline": True, "contentId": "shot1@example.com",
                  "size": len(PNG)}])

PDF = b"%PDF-1.4\n% fake pdf for tests\n%%EOF\n"

case("mixed-attachments", message(
    std("Erin <erin@example.com>", "Two files", "m19@example.com", 5,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="mix"')]),
    b"--mix\nContent-Type: text/plain; charset=utf-8\n\nTwo files attached.\n"
    b"--mix\nContent-Type: application/pdf; name=\"report.pdf\"\nContent-Disposition: attachment; filename=\"report.pdf\"\n"
    b"Content-Transfer-Encoding: base64\n\n" + b64body(PDF) + b"\n"
    b"--mix\nContent-Type: text/plain; charset=us-ascii\nContent-Disposition: attachment; filename=notes.txt\n\n"
    b"attached notes\n--mix--\n"),
    subject="Two files", **{"from": "erin@example.com"}, text="Two files attached.", textLacks="attached notes",
    conversation="G",
    attachments=[{"name": "report.pdf", "type": "application/pdf", "inline": False, "size": len(PDF)},
                 {"name": "notes.txt", "type": "text/plain", "inline": False}])

INNER = message(
    [("From", "Frank <frank@example.org>"), ("To", "erin@example.com"), ("Subject", "Broken login"),
     ("Message-ID", "<inner20@example.org>"), ("Date", "Sun, 1 Mar 2026 09:00:00 +0000")] + PLAIN,
    "I cannot log in since Monday.\n")

case("forward-with-text", message(
    std("Erin <erin@example.com>", "Fwd: Broken login", "m20@example.com", 6,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="fw"')]),
    b"--fw\nContent-Type: text/plain; charset=utf-8\n\nForwarding Frank's problem, see attached.\n"
    b"--fw\nContent-Type: message/rfc822\nContent-Disposition: inline\n\n" + INNER + b"\n--fw--\n"),
    subject="Fwd: Broken login", **{"from": "erin@example.com"}, text="Forwarding Frank's problem",
    textLacks="cannot log in", conversation="H",
    attachments=[{"name": "attachment.eml", "type": "message/rfc822", "inline": True}])

case("forward-as-attachment-only", message(
    std("Erin <erin@example.com>", "Fwd: Broken login (as attachment)", "m21@example.com", 6,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="fw2"')]),
    b"--fw2\nContent-Type: message/rfc822; name=\"Broken login.eml\"\n"
    b"Content-Disposition: attachment; filename=\"Broken login.eml\"\n\n" + INNER + b"\n--fw2--\n"),
    subject="Fwd: Broken login (as attachment)", **{"from": "erin@example.com"},
    text="I cannot log in since Monday.", notes=["the text of the attached message is shown"],
    conversation="I",
    attachments=[{"name": "Broken login.eml", "type": "message/rfc822", "inline": False}])

case("smime-signed", message(
    std("Grace <grace@example.com>", "Signed request", "m22@example.com", 6,
        [("MIME-Version", "1.0"), ("Content-Type",
          'multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"')]),
    b"This is an S/MIME signed message\n\n--sig\nContent-Type: text/plain; charset=utf-8\n\n"
    b"Please reset my token.\n--sig\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\n"
    b"Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=\"smime.p7s\"\n\n"
    + b64body(b"0\x82\x01\x00fake-signature") + b"\n--sig--\n"),
    subject="Signed request", **{"from": "grace@example.com"}, text="Please reset my token.", conversation="J",
    attachments=[{"name": "smime.p7s", "type": "application/pkcs7-signature", "inline": False}])

case("pgp-signed", message(
    std("Heidi <heidi@example.com>", "PGP signed", "m23@example.com", 6,
        [("MIME-Version", "1.0"), ("Content-Type",
          'multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="pgp"')]),
    "--pgp\nContent-Type: text/plain; charset=utf-8\n\nSigned with PGP.\n"
    "--pgp\nContent-Type: application/pgp-signature; name=\"signature.asc\"\n\n"
    "-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEE\n-----END PGP SIGNATURE-----\n--pgp--\n"),
    subject="PGP signed", **{"from": "heidi@example.com"}, text="Signed with PGP.", conversation="K",
    attachments=[{"name": "signature.asc", "type": "application/pgp-signature", "inline": False}])

case("pgp-encrypted", message(
    std("Heidi <heidi@example.com>", "Encrypted", "m24@example.com", 6,
        [("MIME-Version", "1.0"), ("Content-Type",
          'multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"')]),
    "--enc\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
    "--enc\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\n\n"
    "-----BEGIN PGP MESSAGE-----\n\nhQEMA1234\n-----END PGP MESSAGE-----\n--enc--\n"),
    subject="Encrypted", **{"from": "heidi@example.com"}, text=None, conversation="K2",
    attachments=[{"name": "attachment.asc", "type": "application/pgp-encrypted", "inline": False},
                 {"name": "encrypted.asc", "type": "application/octet-stream", "inline": False}])

case("tnef-winmail", message(
    std("Ivan <ivan@example.com>", "Meeting notes", "m25@example.com", 6,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="tn"')]),
    b"--tn\nContent-Type: text/plain; charset=us-ascii\n\nNotes are in the attachment.\n"
    b"--tn\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\nContent-Transfer-Encoding: base64\n"
    b"Content-Disposition: attachment; filename=\"winmail.dat\"\n\n" + b64body(b"\x78\x9f\x3e\x22tnef-data") +
    b"\n--tn--\n"),
    subject="Meeting notes", **{"from": "ivan@example.com"}, text="Notes are in the attachment.",
    conversation="L",
    attachments=[{"name": "winmail.dat", "type": "application/ms-tnef", "inline": False, "size": 13}])

case("apple-text-around-image", message(
    std("Judy <judy@example.com>", "Photo of the error", "m26@example.com", 7,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="ap"')]),
    b"--ap\nContent-Type: text/plain; charset=us-ascii\n\nBefore the photo.\n"
    b"--ap\nContent-Type: image/png; name=photo.png\nContent-Disposition: inline; filename=photo.png\n"
    b"Content-Transfer-Encoding: base64\n\n" + b64body(PNG) + b"\n"
    b"--ap\nContent-Type: text/plain; charset=us-ascii\n\nAfter the photo.\n--ap--\n"),
    subject="Photo of the error", **{"from": "judy@example.com"}, text="After the photo.", conversation="M",
    attachments=[{"name": "photo.png", "type": "image/png", "inline": True}])

# ---- RFC 2047, RFC 2231, raw 8-bit headers -------------------------------------------------------

case("rfc2047-missing-spaces", message(
    std("=?UTF-8?Q?J=C3=BCrgen?==?UTF-8?Q?_M=C3=BCller?= <juergen@example.de>",
        "Re:=?UTF-8?Q?_Gr=C3=BC=C3=9Fe?==?UTF-8?Q?_aus_K=C3=B6ln?=", "h27@example.de", 7, PLAIN),
    "Viele Grüße\n"),
    subject="Re: Grüße aus Köln", **{"from": "juergen@example.de"}, fromName="Jürgen Müller",
    text="Viele Grüße", conversation="N")

JA = "日本語のテストです".encode("utf-8")
case("rfc2047-split-multibyte", message(
    std(b64word("UTF-8", "山田".encode("utf-8")[:4]) + " " + b64word("UTF-8", "山田".encode("utf-8")[4:])
        + " <yamada@example.jp>",
        b64word("UTF-8", JA[:7]) + "\n " + b64word("UTF-8", JA[7:]), "h28@example.jp", 7, PLAIN),
    "テスト本文\n"),
    subject="日本語のテストです", **{"from": "yamada@example.jp"}, fromName="山田", text="テスト本文",
    conversation="O")

case("rfc2047-wrong-case", message(
    std('"=?iso-8859-1?q?Fran=E7ois?=" <francois@example.fr>',
        "=?utf-8?b?w4lsw6h2ZQ==?= =?Iso-8859-1?q?_r=E9sum=E9?= =?UTF-8?q?_d=C3=A9j=C3=A0?=",
        "h29@example.fr", 7, PLAIN),
    "Bonjour\n"),
    subject="Élève résumé déjà", **{"from": "francois@example.fr"}, fromName="François", text="Bonjour",
    conversation="P")

case("rfc2231-parameters", message(
    std("Karl <karl@example.at>", "Files with long names", "h30@example.at", 7,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="p"')]),
    b"--p\nContent-Type: text/plain; charset=us-ascii\n\nSee files.\n"
    b"--p\nContent-Type: application/pdf\nContent-Disposition: attachment;\n"
    b" filename*0*=UTF-8''Rechnung%20f%C3%BCr%20M%C3;\n filename*1*=%A4rz%20%E2%82%AC;\n filename*2=\".pdf\"\n\n"
    + PDF + b"\n"
    b"--p\nContent-Type: text/plain; name=\"=?UTF-8?B?w5xiZXJzaWNodC50eHQ=?=\"\n"
    b"Content-Disposition: attachment\n\nrfc2047 named\n"
    b"--p\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename*=iso-8859-1'de'%C4nderung.bin\n\n"
    b"xyz\n--p--\n"),
    subject="Files with long names", **{"from": "karl@example.at"}, text="See files.", conversation="Q",
    attachments=[{"name": "Rechnung für März €.pdf", "type": "application/pdf", "inline": False},
                 {"name": "Übersicht.txt", "type": "text/plain", "inline": False},
                 {"name": "Änderung.bin", "type": "application/octet-stream", "inline": False}])

case("raw-utf8-headers", message(
    std("Zoë Ünïcödé <zoe@example.org>".encode("utf-8"), "Straße — 日本語 — Ελληνικά".encode("utf-8"),
        "h31@example.org", 8, PLAIN),
    "Grüße\n"),
    subject="Straße — 日本語 — Ελληνικά", **{"from": "zoe@example.org"}, fromName="Zoë Ünïcödé",
    text="Grüße", conversation="R")

case("raw-latin1-headers", message(
    std(not_utf8("José Núñez <jose@example.es>".encode("cp1252")), not_utf8("Información útil".encode("cp1252")),
        "h32@example.es", 8, PLAIN),
    "Hola\n"),
    subject="Información útil", **{"from": "jose@example.es"}, fromName="José Núñez", text="Hola",
    notes=["Subject: raw 8-bit bytes are not UTF-8; read as windows-1252"], conversation="S")

# ---- legacy charsets -----------------------------------------------------------------------------

def legacy(name, sender, charset, python_codec, subject, body, day, conversation, header_charset=None,
           transfer="8bit", notes=None):
    subject_bytes = subject.encode(python_codec)
    body_bytes = body.encode(python_codec)
    if transfer != "7bit":
        not_utf8(subject_bytes)
        not_utf8(body_bytes)
    if transfer == "base64":
        encoded_body = b64body(body_bytes)
    elif transfer == "quoted-printable":
        encoded_body = quopri.encodestring(body_bytes)
    else:
        encoded_body = body_bytes
    headers = std(sender, b64word(header_charset or charset, subject_bytes), "%s@legacy.example.net" % name, day,
                  [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=%s" % charset),
                   ("Content-Transfer-Encoding", transfer)])
    extra = {"notes": notes} if notes else {}
    case(name, message(headers, encoded_body), subject=subject, **{"from": sender}, text=body.strip(),
         conversation=conversation, **extra)


legacy("iso-2022-jp", "tanaka@example.jp", "ISO-2022-JP", "iso2022_jp", "お問い合わせ：ログインできません",
       "ログインできません。パスワードを再設定してください。\n", 9, "T", transfer="7bit")
legacy("shift-jis", "suzuki@example.jp", "Shift_JIS", "shift_jis", "請求書について",
       "請求書の金額が違います。確認をお願いします。\n", 9, "U")
legacy("euc-kr", "kim@example.kr", "EUC-KR", "euc_kr", "고객지원팀 문의", "안녕하세요. 주문이 도착하지 않았습니다.\n",
       9, "V", transfer="base64")
legacy("ks-c-5601", "park@example.kr", "ks_c_5601-1987", "euc_kr", "배송 문의", "배송이 늦어지고 있습니다.\n", 9, "V2")
legacy("gb2312-with-gbk-characters", "wang@example.cn", "gb2312", "gbk", "关于朱镕基的发票",
       "发票上的名字是朱镕基，请核对。\n", 10, "W")
legacy("gb18030-four-byte", "li@example.cn", "GB18030", "gb18030", "扩展字符㐀测试", "这里有一个扩展字符：㐀。\n", 10, "X",
       transfer="base64")
legacy("big5", "chen@example.tw", "Big5", "big5", "繁體中文測試", "您好，我的訂單還沒有到。\n", 10, "Y",
       transfer="quoted-printable")
legacy("windows-1251", "ivanov@example.ru", "windows-1251", "cp1251", "Не работает принтер",
       "Здравствуйте! Принтер не печатает.\n", 10, "Z", transfer="quoted-printable")
legacy("windows-1252", "smith@example.co.uk", "windows-1252", "cp1252", "Price €100 — “quoted”",
       "The naïve price was €100 – too much.\n", 11, "AA", transfer="quoted-printable")
legacy("iso-8859-2", "nowak@example.pl", "ISO-8859-2", "iso8859_2", "Zażółć gęślą jaźń",
       "Źle działa drukarka. Proszę o pomoc.\n", 11, "AB")
legacy("iso-8859-7", "papadopoulos@example.gr", "ISO-8859-7", "iso8859_7", "Καλημέρα σας", "Ο εκτυπωτής δεν λειτουργεί.\n",
       11, "AC")
legacy("iso-8859-15", "dupont@example.fr", "ISO-8859-15", "iso8859_15", "Facture de 50 €", "Le montant de 50 € est faux.\n",
       11, "AD", header_charset="iso-8859-15")

# ---- unknown and lying charset labels ------------------------------------------------------------

case("unknown-charset", message(
    std("unknown@example.com", "=?x-unknown?Q?caf=E9_cr=E8me?=", "u47@example.com", 12,
        [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=x-unknown")]),
    not_utf8("Un café crème, s'il vous plaît.\n".encode("cp1252"))),
    subject="café crème", **{"from": "unknown@example.com"}, text="Un café crème, s'il vous plaît.",
    notes=['text body: charset "x-unknown" unknown; read as windows-1252',
           'Subject: charset "x-unknown" unknown; read as windows-1252'],
    conversation="AE")

case("latin1-label-on-utf8", message(
    std("muenchen@example.de", qword("iso-8859-1", "Grüße aus München".encode("utf-8")), "u48@example.de", 12,
        [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=iso-8859-1"),
         ("Content-Transfer-Encoding", "8bit")]),
    "Schöne Grüße aus München.\n".encode("utf-8")),
    subject="Grüße aus München", **{"from": "muenchen@example.de"}, text="Schöne Grüße aus München.",
    notes=['text body: charset "iso-8859-1" does not fit the bytes; read as UTF-8'], conversation="AF")

case("utf8-label-on-windows-1252", message(
    std("paris@example.fr", "Re: facture", "u49@example.fr", 12,
        [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=utf-8"),
         ("Content-Transfer-Encoding", "8bit")]),
    not_utf8("Merci, le résumé est déjà envoyé.\n".encode("cp1252"))),
    subject="Re: facture", **{"from": "paris@example.fr"}, text="le résumé est déjà envoyé.",
    notes=['text body: charset "utf-8" does not fit the bytes; read as windows-1252'], conversation="AG")

case("shift-jis-label-on-utf8", message(
    std("sato@example.jp", "=?Shift_JIS?B?" + base64.b64encode("見積書".encode("shift_jis")).decode() + "?=",
        "u50@example.jp", 12,
        [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=Shift_JIS"),
         ("Content-Transfer-Encoding", "8bit")]),
    "見積書を送付いたします。よろしくお願いします。\n".encode("utf-8")),
    subject="見積書", **{"from": "sato@example.jp"}, text="見積書を送付いたします。",
    notes=['text body: charset "shift_jis" does not fit the bytes, which are UTF-8; read as UTF-8'],
    conversation="AH")

case("iso-2022-jp-label-on-shift-jis", message(
    std("takahashi@example.jp", "=?ISO-2022-JP?B?" + base64.b64encode("納期".encode("iso2022_jp")).decode() + "?=",
        "u51@example.jp", 12,
        [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=ISO-2022-JP"),
         ("Content-Transfer-Encoding", "8bit")]),
    not_utf8("納期を教えてください。\n".encode("shift_jis"))),
    subject="納期", **{"from": "takahashi@example.jp"}, text="納期を教えてください。",
    notes=['text body: charset "iso-2022-jp" does not fit the bytes; read as windows-31j'], conversation="AI")

case("ascii-label-on-8bit", message(
    std("oslo@example.no", "Hilsen", "u52@example.no", 12,
        [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=us-ascii")]),
    not_utf8("Blåbærsyltetøy på brødskiva.\n".encode("cp1252"))),
    subject="Hilsen", **{"from": "oslo@example.no"}, text="Blåbærsyltetøy på brødskiva.",
    notes=['text body: charset "us-ascii" does not fit the bytes; read as windows-1252'], conversation="AJ")

# ---- bounces -------------------------------------------------------------------------------------

RETURNED = message(
    [("From", "Support <support@example.com>"), ("To", "alice@example.org"),
     ("Subject", "Re: Printer on fire [#1]"), ("Message-ID", "<r04@helpdesk.example.com>"),
     ("In-Reply-To", "<c01@example.org>"), ("Date", "Mon, 2 Mar 2026 11:00:00 +0000")] + PLAIN,
    "We are on our way.\n")

case("dsn-rfc3464", message(
    std("Mail Delivery System <MAILER-DAEMON@mx.example.net>", "Undelivered Mail Returned to Sender",
        "b53@mx.example.net", 13,
        [("Auto-Submitted", "auto-replied"), ("MIME-Version", "1.0"),
         ("Content-Type", 'multipart/report; report-type=delivery-status;\n boundary="dsn"')]),
    b"This is a MIME-encapsulated message.\n\n--dsn\nContent-Description: Notification\n"
    b"Content-Type: text/plain; charset=us-ascii\n\nThis is the mail system at host mx.example.net.\n\n"
    b"I'm sorry to have to inform you that your message could not be delivered.\n\n"
    b"<alice@example.org>: mailbox full\n"
    b"--dsn\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n"
    b"Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; alice@example.org\nAction: failed\n"
    b"Status: 5.2.2\nDiagnostic-Code: smtp; 552 mailbox full\n"
    b"--dsn\nContent-Description: Undelivered Message\nContent-Type: message/rfc822\n\n" + RETURNED +
    b"\n--dsn--\n"),
    kind="bounce", subject="Undelivered Mail Returned to Sender", **{"from": "mailer-daemon@mx.example.net"},
    text="could not be delivered", conversation="A",
    attachments=[{"name": "attachment.txt", "type": "message/delivery-status", "inline": False},
                 {"name": "attachment.eml", "type": "message/rfc822", "inline": False}])

case("dsn-headers-only", message(
    std("postmaster@evil.example", "Delivery Status Notification (Failure)", "b54@evil.example", 13,
        [("MIME-Version", "1.0"),
         ("Content-Type", 'multipart/report; report-type="delivery-status"; boundary="d2"')]),
    "--d2\nContent-Type: text/plain\n\nDelivery to the following recipient failed permanently: mallory@evil.example\n"
    "--d2\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; evil.example\n\n"
    "Final-Recipient: rfc822; mallory@evil.example\nAction: failed\nStatus: 5.1.1\n"
    "--d2\nContent-Type: text/rfc822-headers\n\nFrom: support@example.com\nTo: mallory@evil.example\n"
    "Subject: Re: [#2]\nMessage-ID:\n <c06@evil.example>\n--d2--\n"),
    kind="bounce", subject="Delivery Status Notification (Failure)", **{"from": "postmaster@evil.example"},
    text="failed permanently", conversation="B",
    attachments=[{"name": "attachment.txt", "type": "message/delivery-status", "inline": False},
                 {"name": "attachment.txt", "type": "text/rfc822-headers", "inline": False}])

case("qmail-text-bounce", message(
    std("MAILER-DAEMON@mail.example.net", "failure notice", "b55@mail.example.net", 13, []),
    "Hi. This is the qmail-send program at mail.example.net.\n"
    "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
    "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
    "<carol@example.net>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n"
    "--- Below this line is a copy of the message.\n\n"
    "Return-Path: <support@example.com>\nReceived: (qmail 1234 invoked by uid 89); 4 Mar 2026 10:00:00 -0000\n"
    "From: support@example.com\nTo: carol@example.net\nSubject: Re: Invoice wrong\n"
    "Message-ID: <c15@example.net>\n\nHello Carol\n"),
    kind="bounce", subject="failure notice", **{"from": "mailer-daemon@mail.example.net"},
    text="no mailbox here by that name", conversation="D")

case("bounce-of-unknown-message", message(
    std("MAILER-DAEMON@mx.example.net", "Undeliverable", "b56@mx.example.net", 13,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/report; report-type=delivery-status; boundary="d3"')]),
    "--d3\nContent-Type: text/plain\n\nUnknown user.\n--d3\nContent-Type: message/delivery-status\n\n"
    "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; nobody@example.org\nAction: failed\n"
    "Status: 5.1.1\n--d3\nContent-Type: text/rfc822-headers\n\nMessage-ID: <never-stored@example.com>\n--d3--\n"),
    kind="bounce", subject="Undeliverable", **{"from": "mailer-daemon@mx.example.net"}, text="Unknown user.",
    conversation=None,
    attachments=[{"name": "attachment.txt", "type": "message/delivery-status", "inline": False},
                 {"name": "attachment.txt", "type": "text/rfc822-headers", "inline": False}])

# ---- hostile names, broken encodings, no Message-ID, duplicates, quarantine ----------------------

case("hostile-attachment-names", message(
    std("Eve <eve@example.com>", "Files for you", "e57@example.com", 14,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="ev"')]),
    "--ev\nContent-Type: text/plain\n\nHere.\n"
    "--ev\nContent-Type: text/plain; name=\"../../etc/passwd\"\nContent-Disposition: attachment; filename=\"../../etc/passwd\"\n\nroot:x:0:0\n"
    "--ev\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"C:\\\\x\\\\y\"\n\nwindows\n"
    "--ev\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"..\"\n\ndots\n"
    "--ev\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"invoice\u202Efdp.exe\"\n\nrtlo\n"
    "--ev--\n"),
    subject="Files for you", **{"from": "eve@example.com"}, text="Here.", conversation="AK",
    attachments=[{"name": "passwd", "type": "text/plain", "inline": False},
                 {"name": "y", "type": "application/octet-stream", "inline": False},
                 {"name": "attachment.bin", "type": "application/octet-stream", "inline": False},
                 {"name": "invoicefdp.exe", "type": "application/pdf", "inline": False}])

case("broken-transfer-encodings", message(
    std("Oscar <oscar@example.com>", "Broken encodings", "e58@example.com", 14,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="bk"')]),
    "--bk\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
    "Caf=C3=A9 costs =E2=82=AC5 =ZZ not an escape, soft=\nbreak.\n"
    "--bk\nContent-Type: application/octet-stream; name=data.bin\nContent-Transfer-Encoding: base64\n\n"
    "aGVsbG8g!!d29y#bGQ\n"
    "--bk\nContent-Type: application/octet-stream; name=uu.bin\nContent-Transfer-Encoding: x-uuencode\n\nraw\n"
    "--bk--\n"),
    subject="Broken encodings", **{"from": "oscar@example.com"}, text="Café costs €5 =ZZ not an escape, softbreak.",
    notes=["broken quoted-printable escapes kept as written", "broken base64 decoded as far as it goes",
           'unknown transfer encoding "x-uuencode"; read as is'],
    conversation="AL",
    attachments=[{"name": "data.bin", "type": "application/octet-stream", "inline": False, "size": 11},
                 {"name": "uu.bin", "type": "application/octet-stream", "inline": False, "size": 3}])

case("no-message-id", message(
    [("From", "nomid@example.com"), ("To", "support@example.com"), ("Subject", "No Message-ID here"),
     ("Date", "Sat, 14 Mar 2026 10:00:00 +0000")],
    "This message has no Message-ID.\n"),
    subject="No Message-ID here", **{"from": "nomid@example.com"}, text="has no Message-ID", syntheticId=True,
    conversation="AM")

# A different mail that reuses the first one's Message-ID (carriers do): a message of its own, with a note.
case("reuses-first-message-id", message(
    std("Alice Example <alice@example.org>", "Printer on fire (sent twice)", "c01@example.org", 2, PLAIN),
    "Hello again.\n"),
    subject="Printer on fire (sent twice)", **{"from": "alice@example.org"}, text="Hello again.",
    notes=["reuses the Message-ID <c01@example.org> of message 1"], conversation="REUSE")

case("not-a-mail", b"\x00\x01\x02 this is not an e-mail message at all\r\n\r\n\xff\xfe",
     outcome="quarantined")

case("missing-boundary", message(
    std("broken@example.com", "Broken multipart", "q61@example.com", 14,
        [("MIME-Version", "1.0"), ("Content-Type", 'multipart/mixed; boundary="never-used"')]),
    "--another-boundary\nContent-Type: text/plain\n\nlost\n--another-boundary--\n"),
    subject="Broken multipart", **{"from": "broken@example.com"}, text="lost",
    notes=["the declared boundary never appears"], conversation="BROKEN")

# The first message again as another server delivered it: trace fields added and LF line ends. The same mail.
case("copy-of-first-via-another-route",
     (b"Return-Path: <alice@example.org>\r\nDelivered-To: support@example.com\r\n"
      b"Received: from relay.example.net by mx2.example.com; Mon, 2 Mar 2026 10:00:07 +0000\r\n"
      + CASES[0][1]).replace(b"\r\n", b"\n"),
     outcome="duplicate")


def main():
    for old in os.listdir(HERE):
        if old.endswith(".eml"):
            os.remove(os.path.join(HERE, old))
    expected = []
    for number, (name, raw, exp) in enumerate(CASES, start=1):
        file = "%02d-%s.eml" % (number, name)
        with open(os.path.join(HERE, file), "wb") as out:
            out.write(raw)
        expected.append(dict(file=file, **exp))
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as out:
        json.dump(expected, out, ensure_ascii=False, indent=1)
        out.write("\n")
    print("%d messages" % len(CASES))


if __name__ == "__main__":
    main()
