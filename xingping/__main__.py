from xingping.cli import main

main()
