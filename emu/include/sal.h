/* winipc emu: <sal.h>, Microsoft's source annotation language. The annotations tell Visual Studio's analyser what
 * a parameter or result means (_In_, _Out_writes_(n), _Success_(expr), ...); they generate no code, so here they
 * are empty. Only the current spellings are defined: the old double-underscore ones (__in, __out) collide with
 * names libstdc++ uses. */
#ifndef WINIPC_SAL_H_
#define WINIPC_SAL_H_

#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(size)
#define _In_reads_opt_(size)
#define _In_reads_bytes_(size)
#define _In_reads_bytes_opt_(size)
#define _In_reads_z_(size)
#define _In_range_(low, high)
#define _Out_
#define _Out_opt_
#define _Out_writes_(size)
#define _Out_writes_opt_(size)
#define _Out_writes_bytes_(size)
#define _Out_writes_bytes_opt_(size)
#define _Out_writes_z_(size)
#define _Out_writes_to_(size, count)
#define _Out_writes_bytes_to_(size, count)
#define _Out_writes_all_(size)
#define _Out_range_(low, high)
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(size)
#define _Inout_updates_opt_(size)
#define _Inout_updates_bytes_(size)
#define _Inout_updates_z_(size)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_result_buffer_(size)
#define _Outptr_result_bytebuffer_(size)
#define _COM_Outptr_
#define _Deref_out_
#define _Deref_out_opt_
#define _Ret_
#define _Ret_z_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_writes_(size)
#define _Ret_writes_bytes_(size)
#define _Result_nullonfailure_
#define _Result_zeroonfailure_
#define _Success_(expr)
#define _Check_return_
#define _Must_inspect_result_
#define _Use_decl_annotations_
#define _Printf_format_string_
#define _Scanf_format_string_
#define _Scanf_s_format_string_
#define _Format_string_impl_(kind, where)
#define _Null_terminated_
#define _NullNull_terminated_
#define _Notnull_
#define _Maybenull_
#define _Pre_
#define _Post_
#define _Pre_z_
#define _Post_z_
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Post_invalid_
#define _Post_ptr_invalid_
#define _Post_writable_byte_size_(size)
#define _Field_size_(size)
#define _Field_size_opt_(size)
#define _Field_size_bytes_(size)
#define _Field_size_bytes_opt_(size)
#define _Field_z_
#define _Field_range_(low, high)
#define _Reserved_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _When_(condition, annotation)
#define _Always_(annotation)
#define _On_failure_(annotation)
#define _Acquires_lock_(lock)
#define _Releases_lock_(lock)
#define _Acquires_exclusive_lock_(lock)
#define _Releases_exclusive_lock_(lock)
#define _Acquires_shared_lock_(lock)
#define _Releases_shared_lock_(lock)
#define _Requires_lock_held_(lock)
#define _Requires_lock_not_held_(lock)
#define _Guarded_by_(lock)
#define _Interlocked_
#define _Interlocked_operand_
#define _IRQL_requires_max_(level)
#define _Analysis_assume_(expr)
#define _Analysis_mode_(mode)
#define _Strict_type_match_
#define _Points_to_data_
#define _Literal_
#define _Notliteral_
#define _Const_
#define _Readable_bytes_(size)
#define _Writable_bytes_(size)
#define _Readable_elements_(size)
#define _Writable_elements_(size)
#define _Param_(n)
#define _Kernel_float_used_
#define _Function_class_(name)
#define _Return_type_success_(expr)
#define _Translates_Win32_to_HRESULT_(code)
#define _Post_equals_last_error_
#define _Post_satisfies_(expr)
#define _Pre_satisfies_(expr)
#define _Satisfies_(expr)
#define _Deref_pre_z_
#define _Deref_post_z_
#define _Deref_post_opt_z_
#define _Ret_range_(low, high)
#define _Unchanged_(expr)
#define _Old_(expr) expr

#endif /* WINIPC_SAL_H_ */
