"""Issue 9, part 5: complainants' phones and ID numbers (and entity phones) SM4-encrypted
at rest, found again through their blind indexes, masked as before, key rotation."""

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import connection

from xingping.cases.models import Case
from xingping.cases.selectors import cases_of_complainant
from xingping.core import crypto
from xingping.core.fields import encrypt_existing
from xingping.core.models import AuditEvent

ID_NUMBER = "420102199001011236"  # a valid GB 11643 check character


def raw(table, column, pk):
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {q(column)} FROM {q(table)} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_sm4_gcm_round_trip_is_randomised_and_bound_to_its_column():
    ring = crypto.Keyring(crypto.parse_key("00112233445566778899aabbccddeeff"))
    a, b = ring.encrypt("13812345678", "cases.case.complainant_phone"), ring.encrypt("13812345678", "cases.case.complainant_phone")
    assert a != b and a.startswith(f"sm4g1${ring.current_id}$") and "13812345678" not in a
    assert ring.decrypt(a, "cases.case.complainant_phone") == "13812345678"
    with pytest.raises(crypto.DecryptionError):  # moved to another column
        ring.decrypt(a, "entities.marketentity.phone")
    tampered = a[:-6] + ("A" if a[-6] != "A" else "B") + a[-5:]
    with pytest.raises(crypto.DecryptionError):
        ring.decrypt(tampered, "cases.case.complainant_phone")
    assert crypto.parse_key("ABEiM0RVZneImaq7zN3u/w==") == crypto.parse_key("00112233445566778899aabbccddeeff")
    with pytest.raises(ValueError):
        crypto.parse_key("too short")


@pytest.mark.django_db
def test_the_database_holds_no_plaintext_phone_or_id_number(new_case):
    case = new_case(complainant_phone="13900001111", complainant_id_number=ID_NUMBER.lower()[:-1] + "6")
    phone, id_number = raw("cases_case", "complainant_phone", case.pk), raw("cases_case", "complainant_id_number", case.pk)
    assert phone.startswith("sm4g1$") and "13900001111" not in phone and "0001111" not in phone
    assert id_number.startswith("sm4g1$") and ID_NUMBER not in id_number
    again = Case.objects.get(pk=case.pk)  # reads are transparent
    assert (again.complainant_phone, again.complainant_id_number) == ("13900001111", ID_NUMBER)
    assert len(again.complainant_phone_hash) == 64 and "13900001111" not in again.complainant_phone_hash
    with pytest.raises(FieldError):  # an equality on ciphertext could never match: refused, not silently empty
        list(Case.objects.filter(complainant_phone="13900001111"))
    assert Case.objects.exclude(complainant_phone="").count() == 1


@pytest.mark.django_db
def test_the_audit_log_records_personal_data_masked_not_in_clear(new_case):
    case = new_case(complainant_phone="13900001111", complainant_id_number=ID_NUMBER)
    event = AuditEvent.objects.get(action="case.create", object_id=str(case.pk))
    assert event.new["complainant_phone"] == "139****1111"
    assert event.new["complainant_id_number"] == "420102********1236"
    assert "complainant_phone_hash" not in event.new


@pytest.mark.django_db
def test_a_wrong_id_number_is_refused_with_a_clear_message(new_case):
    with pytest.raises(ValidationError) as exc:
        new_case(complainant_id_number="420102199001011234")
    assert "complainant_id_number" in exc.value.message_dict
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_a_complainants_other_cases_are_found_by_phone_or_id_number(new_case, tree):
    first = new_case(complainant_phone="13900001111")
    second = new_case(complainant_phone="139 0000-1111", complainant_id_number=ID_NUMBER)
    new_case(complainant_phone="13700002222")
    found = cases_of_complainant(user=tree.office, phone="139-0000-1111")
    assert set(found) == {first, second}
    assert list(cases_of_complainant(user=tree.office, phone="13900001111", exclude_pk=first.pk)) == [second]
    assert list(cases_of_complainant(user=tree.office, id_number=ID_NUMBER.lower()[:-1] + "6")) == [second]
    assert not cases_of_complainant(user=tree.office, phone="")
    # scoped like every list: another county's staff finds nothing
    assert not cases_of_complainant(user=tree.other_county_leader, phone="13900001111").exists()


@pytest.mark.django_db
def test_the_detail_page_masks_the_id_number_for_those_who_may_not_see_contacts(client, new_case, tree):
    case = new_case(complainant_phone="13900001111", complainant_id_number=ID_NUMBER)
    client.force_login(tree.office)
    assert ID_NUMBER in client.get(f"/cases/{case.pk}/").content.decode()
    client.force_login(tree.county_inspector)
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert ID_NUMBER not in body and "13900001111" not in body and "420102********1236" in body


@pytest.mark.django_db
def test_rows_written_in_clear_before_the_migration_are_encrypted_by_it(new_case):
    case = new_case(complainant_phone="13900001111")
    with connection.cursor() as cursor:  # as the column held it before 0007
        cursor.execute("UPDATE cases_case SET complainant_phone = %s, complainant_phone_hash = '' WHERE id = %s",
                       ["13900001111", case.pk])
    assert Case.objects.get(pk=case.pk).complainant_phone == "13900001111"  # still readable meanwhile
    encrypt_existing(Case, ["complainant_phone"])
    assert raw("cases_case", "complainant_phone", case.pk).startswith("sm4g1$")
    assert Case.objects.get(pk=case.pk).complainant_phone_hash == crypto.blind_index("13900001111", crypto.normalise_phone)


@pytest.mark.django_db
def test_entity_contact_phones_are_encrypted_too(tree):
    from xingping.entities.models import MarketEntity
    from xingping.entities.testing import make_entity

    e = make_entity(tree.station, phone="13911112222")
    stored = raw("entities_marketentity", "phone", e.pk)
    assert stored.startswith("sm4g1$") and "13911112222" not in stored
    assert MarketEntity.objects.get(pk=e.pk).phone == "13911112222"
    assert MarketEntity.objects.filter(phone_hash=crypto.blind_index("139 1111 2222", crypto.normalise_phone)).get() == e


def run(*args):
    import io

    out, err, code = io.StringIO(), io.StringIO(), 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_key_rotation_re_encrypts_everything_and_keeps_it_readable_and_findable(new_case, tree, settings, tmp_path):
    key_file = tmp_path / "data_key"
    key_file.write_text(settings.XINGPING_DATA_KEY)
    settings.XINGPING_DATA_KEY_FILE = key_file
    old_id = crypto.keyring().current_id
    case = new_case(complainant_phone="13900001111", complainant_id_number=ID_NUMBER)
    old_hash = Case.objects.get(pk=case.pk).complainant_phone_hash
    new_key = crypto.new_key_text()
    new_id = crypto.key_id(crypto.parse_key(new_key))

    code, out, err = run("rotate-data-key", "--new-key", new_key)
    assert code == 0, err
    assert key_file.read_text() == new_key and settings.XINGPING_DATA_KEY == new_key
    assert crypto.stored_key_id(raw("cases_case", "complainant_phone", case.pk)) == new_id
    again = Case.objects.get(pk=case.pk)
    assert (again.complainant_phone, again.complainant_id_number) == ("13900001111", ID_NUMBER)
    assert again.complainant_phone_hash != old_hash  # re-hashed under the new key …
    assert list(cases_of_complainant(user=tree.office, phone="13900001111")) == [again]  # … and still found
    code, out, err = run("rotate-data-key", "--status")
    assert f"cases.case.complainant_phone\t{new_id}=1\tplaintext=0" in out and old_id not in out.split("current")[0]
    # running it again changes no ciphertext (resumable), only confirms
    before = raw("cases_case", "complainant_phone", case.pk)
    assert run("rotate-data-key", "--new-key", new_key)[0] == 0
    assert raw("cases_case", "complainant_phone", case.pk) == before


@pytest.mark.django_db
def test_rotation_refuses_a_bad_key_or_unreadable_data_and_changes_nothing(new_case, settings, tmp_path):
    settings.XINGPING_DATA_KEY_FILE = tmp_path / "data_key"
    case = new_case(complainant_phone="13900001111")
    code, out, err = run("rotate-data-key", "--new-key", "not-a-key")
    assert code == 1 and "128" in err and any("\u4e00" <= ch <= "\u9fff" for ch in err)
    # a value under a key nobody configured: the whole rotation is refused
    foreign = crypto.Keyring(crypto.parse_key(crypto.new_key_text())).encrypt("13700000000", "cases.case.complainant_phone")
    other = new_case(complainant_phone="13800000000")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET complainant_phone = %s WHERE id = %s", [foreign, other.pk])
    before = raw("cases_case", "complainant_phone", case.pk)
    code, out, err = run("rotate-data-key", "--new-key", crypto.new_key_text())
    assert code == 1 and any("\u4e00" <= ch <= "\u9fff" for ch in err)
    assert raw("cases_case", "complainant_phone", case.pk) == before
    assert not (tmp_path / "data_key").exists()
