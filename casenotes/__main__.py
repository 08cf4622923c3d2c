from casenotes.cli import app

app(prog_name="casenotes")
