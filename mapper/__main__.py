"""``python -m mapper`` runs the claude-map command line."""

from mapper.cli import main

if __name__ == "__main__":
    main()
