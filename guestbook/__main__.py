from guestbook.cli import main

main()
