def run(ctx):
    message = "unterminated
    return {"message": message}
