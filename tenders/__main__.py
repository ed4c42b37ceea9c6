from tenders.cli import main

main()
