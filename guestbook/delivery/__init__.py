"""Delivery to guests through the outside world: an SMTP server, an SMS gateway, a PDF of
letters. Beside exchange (file formats): it knows no database and no service; services/messages
decides who gets what and calls it."""
