"""Who is making a change: login name and SSH client address from the environment."""

from console.clinic.actor import Actor, current_actor


def test_login_from_logname_then_user():
    assert current_actor({"LOGNAME": "maria", "USER": "root"}).login == "maria"
    assert current_actor({"USER": "jose"}).login == "jose"
    assert current_actor({"LOGNAME": "", "USER": "jose"}).login == "jose"


def test_unknown_login_when_nothing_is_set():
    assert current_actor({}) == Actor("unknown", "")
    assert current_actor({}, fallback="frontdesk") == Actor("frontdesk", "")
    assert current_actor({"USER": "jose"}, fallback="frontdesk").login == "jose"


def test_local_session_has_no_address():
    assert current_actor({"USER": "maria"}).address == ""


def test_address_from_ssh_client_then_ssh_connection():
    env = {"USER": "maria", "SSH_CLIENT": "192.0.2.7 51234 22"}
    assert current_actor(env) == Actor("maria", "192.0.2.7")
    env = {"USER": "maria", "SSH_CONNECTION": "2001:db8::5 51234 2001:db8::1 22"}
    assert current_actor(env).address == "2001:db8::5"
    both = {"SSH_CLIENT": "192.0.2.7 1 22", "SSH_CONNECTION": "198.51.100.1 1 10.0.0.1 22"}
    assert current_actor(both).address == "192.0.2.7"


def test_control_characters_are_removed():
    env = {"USER": "ma\x1b[31mria", "SSH_CLIENT": "\x07192.0.2.7 1 22"}
    assert current_actor(env) == Actor("ma[31mria", "192.0.2.7")


def test_describe():
    assert Actor("maria").describe() == "maria"
    assert Actor("maria", "192.0.2.7").describe() == "maria from 192.0.2.7"
