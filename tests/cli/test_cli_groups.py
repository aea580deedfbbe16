"""The command groups: every command registered once, in the help's order, the same way."""

from console.cli.command import Command
from console.cli.main import COMMAND_GROUPS, HELP_ORDER, commands, find_command, groups


def test_every_command_is_in_the_help_order_once():
    names = [c.name for group in groups() for c in group.COMMANDS]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(HELP_ORDER)
    assert [c.name for c in commands()] == list(HELP_ORDER)


def test_each_command_is_found_in_the_group_named_for_it():
    for group in groups():
        for command in group.COMMANDS:
            assert COMMAND_GROUPS[command.name] == group.__name__.rsplit(".", 1)[1]
            assert find_command(command.name) is command


def test_each_group_lists_commands_with_a_handler():
    for group in groups():
        assert group.COMMANDS, group.__name__
        for command in group.COMMANDS:
            assert isinstance(command, Command)
            assert command.help and callable(command.options) and callable(command.run)
