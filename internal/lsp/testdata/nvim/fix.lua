-- Neovim end-to-end test of "zmqlint lsp" (run by TestNeovim):
--   nvim --headless --clean -u NONE -c "luafile fix.lua"
-- with ZMQLINT_BIN (the zmqlint binary), ZMQLINT_FILE (the Go file to
-- fix) and ZMQLINT_ROOT (its module) in the environment. It opens the
-- file, starts the server with vim.lsp.start_client (Neovim 0.7+), and
-- until the file has no diagnostic left: waits for the diagnostics of the
-- buffer's current version, asks for the code actions on the first
-- diagnostic's line, applies the first quick fix's WorkspaceEdit and
-- writes the file. Exits 0 on success, 1 with "FAIL: ..." on stderr.

local bin = os.getenv("ZMQLINT_BIN")
local file = os.getenv("ZMQLINT_FILE")
local root = os.getenv("ZMQLINT_ROOT")
local timeout = 180000

local function log(msg)
  io.stderr:write("nvim: " .. msg .. "\n")
end

local function fail(msg)
  io.stderr:write("FAIL: " .. msg .. "\n")
  vim.cmd("cquit 1")
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()

-- The version of the last publishDiagnostics for this buffer.
local published = -1
local client_id = vim.lsp.start_client({
  name = "zmqlint",
  cmd = { bin, "lsp" },
  root_dir = root,
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      if result and vim.uri_to_bufnr(result.uri) == bufnr then
        published = result.version or -1
        log("publishDiagnostics version " .. tostring(result.version) .. ": " .. #result.diagnostics .. " diagnostic(s)")
      end
    end,
  },
})
if not client_id then
  fail("vim.lsp.start_client failed")
end
vim.lsp.buf_attach_client(bufnr, client_id)
local client = vim.lsp.get_client_by_id(client_id)

local function wait_current()
  local ok = vim.wait(timeout, function()
    return published == vim.lsp.util.buf_versions[bufnr]
  end, 50)
  if not ok then
    fail("no diagnostics for version " .. tostring(vim.lsp.util.buf_versions[bufnr]))
  end
  return vim.diagnostic.get(bufnr)
end

local fixed = 0
for _ = 1, 10 do
  local diags = wait_current()
  if #diags == 0 then
    break
  end
  local d = diags[1]
  log("diagnostic at " .. (d.lnum + 1) .. ":" .. (d.col + 1) .. ": " .. d.message .. " (" .. tostring(d.code) .. ")")
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, 0 })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {} }
  local resp = client.request_sync("textDocument/codeAction", params, timeout, bufnr)
  if not resp or resp.err or not resp.result or #resp.result == 0 then
    fail("no code action for: " .. d.message .. " " .. vim.inspect(resp))
  end
  local action = resp.result[1]
  if action.kind ~= "quickfix" or not action.edit then
    fail("not a quickfix with an edit: " .. vim.inspect(action))
  end
  log("applying: " .. action.title)
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  vim.cmd("write")
  fixed = fixed + 1
end
if #wait_current() ~= 0 then
  fail("diagnostics remain after " .. fixed .. " fixes")
end
if fixed == 0 then
  fail("the file had no diagnostic to fix")
end
log("fixed " .. fixed .. " finding(s)")
vim.lsp.stop_client(client_id)
vim.cmd("qall!")
