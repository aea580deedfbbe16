"""The Textual user interface: screens, panes, dialogs and widgets.

Everything here reads and changes clinic data only through :class:`console.desk.Desk`;
user text (names, notes, phone numbers) is shown as plain ``Text``, never as markup.
"""
