"""Names of the members of a zip archive built from names users typed
(attachments of a dossier): one plain file name inside a given folder of
the archive, unique, whatever the name was (``../../etc/passwd``, an absolute
path, a Windows path, control or invisible characters, a reserved device
name, a name already taken, nothing at all)."""

import posixpath
import re
import unicodedata

MAX_NAME_LENGTH = 120
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)", re.IGNORECASE)
_UNSAFE = re.compile(r'[/\\:*?"<>|]+')
_SPACES = re.compile(r"\s+")


def safe_file_name(name, default="file"):
    """A file name without any folder part, safe on every system.

    Letters of every script are kept (NFC); control, format (invisible,
    bidirectional) and separator characters other than the space, path
    separators and the characters Windows refuses become ``_``; leading dots
    and spaces go (no hidden file, no ``..``); at most ``MAX_NAME_LENGTH``
    characters, the extension kept.

    :param str name: any text (``None`` allowed)
    :param str default: the name when nothing is left
    :rtype: str
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = "".join(
        "_" if unicodedata.category(char)[0] in "CZ" and char != " " else char for char in text
    )
    text = _UNSAFE.sub("_", text)
    text = _SPACES.sub(" ", text).strip(" ._")
    if not text or set(text) <= {"_", "."}:
        text = default
    if _RESERVED.match(text):
        text = f"_{text}"
    if len(text) > MAX_NAME_LENGTH:
        stem, dot, extension = text.rpartition(".")
        if dot and 0 < len(extension) <= 10 and stem:
            text = f"{stem[:MAX_NAME_LENGTH - len(extension) - 1].rstrip(' ._')}.{extension}"
        else:
            text = text[:MAX_NAME_LENGTH].rstrip(" ._")
    return text


def unique_member_name(folder, name, taken, default="file"):
    """``folder/name`` made safe (:func:`safe_file_name`) and unique in
    ``taken`` (compared without case, as on Windows and macOS), which it is
    added to: ``name (2).ext`` for the second of the same name.

    :param str folder: a folder of the archive written by the code
        (``attachments``), or ``""`` for the root
    :param str name: the name the user gave
    :param set taken: lower-case member names already in the archive
    :return: the member name, always inside ``folder``
    :rtype: str
    """
    base = safe_file_name(name, default)
    stem, dot, extension = base.rpartition(".")
    if not dot or not stem:
        stem, dot, extension = base, "", ""
    candidate, counter = base, 1
    while True:
        member = posixpath.join(folder, candidate) if folder else candidate
        if member.lower() not in taken:
            taken.add(member.lower())
            return member
        counter += 1
        candidate = f"{stem} ({counter}){dot}{extension}"
